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

  @Field({ description: "The household's county." })
  countyCode: string;

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

/** Who may read unmasked values, and which values are personal (what the audit trail records). */
const PII_READER_ROLES = ['bureau', 'bank', 'admin'];
const PII_FIELDS = ['headName', 'idNumber', 'phone'];

@Resolver(() => PiiAccess)
export class PiiAccessResolver {
  constructor(private readonly audit: PiiAuditService) {}

  @Query(() => PiiAccessConnection, {
    description:
      "Unmasked reads of households' personal data, newest first: of a county (its bureau and admins), or of every county when countyCode is left out (admins only); narrowed by who read, their role, the field and a time range.",
  })
  async piiAccesses(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String, { nullable: true, description: 'The county; left out: every county (admins only).' }) countyCode: string | null,
    @Arg('householdId', () => ID, { nullable: true }) householdId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('subject', () => String, { nullable: true, description: 'Only the reads of this subject (who read).' }) subject: string | null,
    @Arg('role', () => String, { nullable: true, description: 'Only the reads made in this role (bureau, bank, admin).' }) role: string | null,
    @Arg('field', () => String, { nullable: true, description: 'Only the reads of this field (headName, idNumber, phone).' }) field: string | null,
    @Arg('accessedFrom', () => Date, { nullable: true, description: 'Only reads at or after this instant.' }) accessedFrom: Date | null,
    @Arg('accessedBefore', () => Date, { nullable: true, description: 'Only reads before this instant.' }) accessedBefore: Date | null,
  ): Promise<PiiAccessConnection> {
    if (countyCode != null && !COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    if (householdId != null && !UUID_PATTERN.test(householdId)) throw badInput(`"${householdId}" is not a household id`, 'householdId');
    if (subject != null && (subject.length === 0 || subject.length > 128)) throw badInput('subject must be 1 to 128 characters', 'subject');
    if (role != null && !PII_READER_ROLES.includes(role))
      throw badInput(`"${role}" is not a role that reads personal data (${PII_READER_ROLES.join(', ')})`, 'role');
    if (field != null && !PII_FIELDS.includes(field)) throw badInput(`"${field}" is not a personal field (${PII_FIELDS.join(', ')})`, 'field');
    if (accessedFrom && accessedBefore && accessedFrom >= accessedBefore) throw badInput('accessedFrom must be before accessedBefore', 'accessedFrom');
    const size = pageSize(first);
    const filter = { countyCode: countyCode ?? null, householdId, subject, role, field, accessedFrom, accessedBefore };
    const rows = await this.audit.trail(context.caller, filter, decodeCursor(after, /^\d+$/), size + 1);
    return toPage(rows, size, (r) => r.id);
  }
}
