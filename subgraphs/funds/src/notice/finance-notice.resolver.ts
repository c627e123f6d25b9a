import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/graphql/errors';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { FinanceNoticeAccessError, FinanceNoticeService } from './finance-notice.service';

@ObjectType('FinanceNotice', { description: 'What the quarterly subsidy jobs tell a finance bureau.' })
class FinanceNoticeView {
  @Field(() => ID)
  id: string;

  @Field()
  quarter: string;

  @Field({ description: 'QUARTER_COMPUTED, BATCHES_AWAIT_APPROVAL, BATCH_ANSWERED, QUARTER_RECONCILED or RISK_FUND_ALERT.' })
  kind: string;

  @Field()
  messageZh: string;

  @Field()
  messageEn: string;

  @Field()
  createdAt: Date;
}

@ObjectType('FinanceNoticeConnection')
class FinanceNoticeConnection extends ConnectionType(FinanceNoticeView) {}

@Resolver()
export class FinanceNoticeResolver {
  constructor(private readonly notices: FinanceNoticeService) {}

  @Query(() => FinanceNoticeConnection, { description: "A county's notices from the quarterly subsidy jobs, newest first (its finance bureau, its bureau, admins)." })
  async financeNotices(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<FinanceNoticeConnection> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const size = pageSize(first);
    try {
      const rows = await this.notices.list(context.caller, countyCode, size, decodeCursor(after, /^\d+$/));
      return toPage(rows, size, (notice) => notice.id);
    } catch (error) {
      if (error instanceof FinanceNoticeAccessError) throw forbidden(error.message);
      throw error;
    }
  }
}
