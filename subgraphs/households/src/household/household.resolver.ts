import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import { badInput } from '../../../../common/errors/hub-error';
import { UUID_PATTERN } from '../../../../common/codes';
import { rowLoader } from '../../../../common/loaders';
import { mask, MaskKind } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import { PiiAuditService, RevealedField } from '../audit/pii-audit.service';
import { regionLoader } from '../region/region.resolver';
import { RegionService } from '../region/region.service';
import { Region } from '../region/region.type';
import { HouseholdPersonalData, openHouseholdPii } from './household-pii';
import { HouseholdFilter } from './household.input';
import { HouseholdService } from './household.service';
import { Household, HouseholdConnection } from './household.type';

const MASK_KIND: Record<RevealedField, MaskKind> = { headName: 'name', idNumber: 'residentId', phone: 'phone' };
const REVEAL = { nullable: true, description: 'Return the full value (bureau of the county, or the responsible bank). Every such read is audited.' };
const REASON = { nullable: true, description: 'Why the full value is needed (recorded in the audit log).' };

export function householdLoader(context: SubgraphContext, households: HouseholdService) {
  return context.loaders.get('household', () =>
    rowLoader(
      (ids: readonly string[]) => households.findByIds(context.caller, ids),
      (h) => h.id,
    ),
  );
}

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(
    private readonly householdService: HouseholdService,
    private readonly regionService: RegionService,
    private readonly pii: PiiProtector,
    private readonly audit: PiiAuditService,
  ) {}

  /** The household's envelope, opened once per answer however many of its fields are asked for. */
  private readonly openedEnvelopes = new WeakMap<Household, HouseholdPersonalData>();

  private opened(household: Household): HouseholdPersonalData {
    let data = this.openedEnvelopes.get(household);
    if (!data) {
      data = openHouseholdPii(this.pii, household.sealed.envelope, household.sealed.keyId);
      this.openedEnvelopes.set(household, data);
    }
    return data;
  }

  /** Masked by default; with `reveal`, the full value for a caller allowed it, audited first. */
  private async personal(
    household: Household,
    field: RevealedField,
    reveal: boolean | null,
    reason: string | null,
    context: SubgraphContext,
  ): Promise<string | null> {
    const plain = this.opened(household)[field];
    if (plain === null) return null;
    if (!reveal) return mask(MASK_KIND[field], plain);
    const why = this.audit.assertMayReveal(context.caller, household, reason);
    await this.audit.recorder(context).load({ householdId: household.id, field, reason: why });
    return plain;
  }

  @FieldResolver(() => String, { description: '户主姓名: masked (surname + *) unless revealed.' })
  headName(
    @Root() household: Household,
    @Ctx() context: SubgraphContext,
    @Arg('reveal', () => Boolean, REVEAL) reveal: boolean | null,
    @Arg('reason', () => String, REASON) reason: string | null,
  ) {
    return this.personal(household, 'headName', reveal, reason, context);
  }

  @FieldResolver(() => String, { description: '户主证件号码: masked (first 3 and last 4) unless revealed.' })
  idNumber(
    @Root() household: Household,
    @Ctx() context: SubgraphContext,
    @Arg('reveal', () => Boolean, REVEAL) reveal: boolean | null,
    @Arg('reason', () => String, REASON) reason: string | null,
  ) {
    return this.personal(household, 'idNumber', reveal, reason, context);
  }

  @FieldResolver(() => String, { nullable: true, description: '联系电话: masked unless revealed.' })
  phone(
    @Root() household: Household,
    @Ctx() context: SubgraphContext,
    @Arg('reveal', () => Boolean, REVEAL) reveal: boolean | null,
    @Arg('reason', () => String, REASON) reason: string | null,
  ) {
    return this.personal(household, 'phone', reveal, reason, context);
  }

  @Query(() => HouseholdConnection, { description: 'Households the caller may see, filtered, in pages.' })
  async households(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => HouseholdFilter, { nullable: true }) filter: HouseholdFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<HouseholdConnection> {
    const size = pageSize(first);
    const afterId = decodeCursor(after, UUID_PATTERN);
    const rows = await this.householdService.list(context.caller, filter ?? {}, size, afterId);
    return toPage(rows, size, (h) => h.id);
  }

  @Query(() => Household, { nullable: true, description: 'One household, if the caller may see it.' })
  async household(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<Household | null> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a household id`, 'id');
    return householdLoader(context, this.householdService).load(id);
  }

  @FieldResolver(() => Region, { nullable: true, description: '县' })
  county(@Root() household: Household, @Ctx() context: SubgraphContext) {
    return regionLoader(context, this.regionService).load(household.countyCode);
  }

  @FieldResolver(() => Region, { nullable: true, description: '乡(镇)' })
  township(@Root() household: Household, @Ctx() context: SubgraphContext) {
    return regionLoader(context, this.regionService).load(household.townshipCode);
  }

  @FieldResolver(() => Region, { nullable: true, description: '行政村' })
  village(@Root() household: Household, @Ctx() context: SubgraphContext) {
    return regionLoader(context, this.regionService).load(household.villageCode);
  }
}
