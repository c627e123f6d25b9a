/**
 * The audit trail of unmasked reads, readable by the bureau of the county (and admins): who saw
 * which field of which household, when and why. Newest first, in pages (keyset on the row id).
 */
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import type { PiiAuditService } from './pii-audit.service';

@ObjectType('PiiAccess', { description: 'One unmasked read of a household’s personal data (recorded before the value was returned).' })
export class PiiAccess {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  householdId: string;

  @Field({ description: '户编号 of the household read.' })
  householdNo: string;

  @Field({ description: 'headName, idNumber or phone.' })
  field: string;

  @Field({ description: 'The reason the reader gave.' })
  reason: string;

  @Field({ description: 'Who read it (the token’s subject).' })
  subject: string;

  @Field()
  role: string;

  @Field(() => Date)
  accessedAt: Date;
}

@ObjectType('PiiAccessConnection')
export class PiiAccessConnection extends ConnectionType(PiiAccess) {}

@Resolver(() => PiiAccess)
export class PiiAccessResolver {
  constructor(private readonly audit: PiiAuditService) {}

  @Query(() => PiiAccessConnection, {
    description: "Unmasked reads of the county's households' personal data, newest first (the county's bureau and admins).",
  })
  async piiAccesses(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('householdId', () => ID, { nullable: true }) householdId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<PiiAccessConnection> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    if (householdId != null && !UUID_PATTERN.test(householdId)) throw badInput(`"${householdId}" is not a household id`, 'householdId');
    const size = pageSize(first);
    const rows = await this.audit.trail(context.caller, countyCode, householdId, decodeCursor(after, /^\d+$/), size + 1);
    return toPage(rows, size, (r) => r.id);
  }
}
