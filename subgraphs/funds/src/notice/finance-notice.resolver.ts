import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { FinanceNoticeService } from './finance-notice.service';
import { FinanceNoticeConnection } from './finance-notice.type';

@Resolver()
export class FinanceNoticeResolver {
  constructor(private readonly notices: FinanceNoticeService) {}

  @Query(() => FinanceNoticeConnection, {
    description: "A county's notices from the quarterly subsidy jobs, newest first (its finance bureau, its bureau, admins).",
  })
  async financeNotices(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<FinanceNoticeConnection> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const size = pageSize(first);
    const rows = await this.notices.list(context.caller, countyCode, size, decodeCursor(after, /^\d+$/));
    return toPage(rows, size, (notice) => notice.id);
  }
}
