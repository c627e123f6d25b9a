import { Arg, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import { groupLoader } from '../../../../common/loaders';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { RiskFundClaimService } from './risk-fund-claim.service';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { RiskFundClaim, RiskFundClaimEvent, RiskFundClaimLine, RiskFundRecovery } from './risk-fund-claim.type';
import { RiskFundClaimInput, RiskFundRecoveryInput } from './risk-fund-claim.input';
import { toRiskFundClaim } from './risk-fund-claim.mapper';

const CLAIM_STATUSES = ['FILED', 'VERIFIED', 'TOWNSHIP_REVIEWED', 'APPROVED', 'PAID', 'REJECTED'];

@ObjectType('RiskFundClaimConnection')
export class RiskFundClaimConnection extends ConnectionType(RiskFundClaim) {}

@Resolver(() => RiskFundClaim)
export class RiskFundClaimResolver {
  constructor(private readonly claims: RiskFundClaimService) {}

  @Query(() => [RiskFundClaim], { description: "A county's risk-fund claims, newest first (a bank sees its own)." })
  async riskFundClaims(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string): Promise<RiskFundClaim[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.claims.list(context.caller, countyCode)).map(toRiskFundClaim);
  }

  @Query(() => RiskFundClaimConnection, {
    description: "A county's risk-fund claims in pages, newest first, optionally one status (scoped like riskFundClaims: a bank sees its own).",
  })
  async riskFundClaimPage(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('status', () => String, { nullable: true, description: 'FILED, VERIFIED, TOWNSHIP_REVIEWED, APPROVED, PAID or REJECTED.' }) status: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<RiskFundClaimConnection> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    if (status != null && !CLAIM_STATUSES.includes(status)) throw badInput(`status is one of ${CLAIM_STATUSES.join(', ')}`, 'status');
    const size = pageSize(first);
    const rows = await this.claims.page(context.caller, countyCode, status ?? null, size, decodeCursor(after, UUID_PATTERN));
    const page = toPage(rows, size, (c) => c.id);
    return { nodes: page.nodes.map(toRiskFundClaim), pageInfo: page.pageInfo };
  }

  @Mutation(() => RiskFundClaim, { description: "A bank files its quarter's claim: the defaulted loans and their documents. The hub then checks each loan." })
  async fileRiskFundClaim(@Ctx() context: SubgraphContext, @Arg('input', () => RiskFundClaimInput) input: RiskFundClaimInput): Promise<RiskFundClaim> {
    return toRiskFundClaim(await this.claims.file(context.caller, input, shanghaiDate()));
  }

  @Mutation(() => RiskFundClaim, { description: "The county's bureau reviews a checked claim for the township: accept, or reject with a note." })
  async reviewRiskFundClaim(
    @Ctx() context: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('accept') accept: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | null,
  ): Promise<RiskFundClaim> {
    return toRiskFundClaim(await this.claims.review(context.caller, id, accept, note));
  }

  @Mutation(() => RiskFundClaim, { description: 'Another person of the bureau approves (or rejects) the reviewed claim.' })
  async approveRiskFundClaim(
    @Ctx() context: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('accept') accept: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | null,
  ): Promise<RiskFundClaim> {
    return toRiskFundClaim(await this.claims.approve(context.caller, id, accept, note, shanghaiDate()));
  }

  @Mutation(() => RiskFundClaim, { description: "The county's finance bureau pays an approved claim from the fund (once; refused when the fund holds less)." })
  async payRiskFundClaim(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<RiskFundClaim> {
    return toRiskFundClaim(await this.claims.pay(context.caller, id));
  }

  @Mutation(() => RiskFundRecovery, { description: "The bank reports money recovered on a compensated loan, with the transfer returning the fund's part." })
  async reportRiskFundRecovery(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => RiskFundRecoveryInput) input: RiskFundRecoveryInput,
  ): Promise<RiskFundRecovery> {
    return this.claims.reportRecovery(context.caller, input, shanghaiDate());
  }

  @FieldResolver(() => [RiskFundRecovery])
  async recoveries(@Ctx() context: SubgraphContext, @Root() claim: RiskFundClaim): Promise<RiskFundRecovery[]> {
    return context.loaders
      .get('risk-fund-claim-recoveries', () =>
        groupLoader(
          (ids: readonly string[]) => this.claims.recoveries(ids),
          (r) => r.claimId,
        ),
      )
      .load(claim.id);
  }

  @FieldResolver(() => [RiskFundClaimLine])
  async lines(@Ctx() context: SubgraphContext, @Root() claim: RiskFundClaim): Promise<RiskFundClaimLine[]> {
    return context.loaders
      .get('risk-fund-claim-lines', () =>
        groupLoader(
          (ids: readonly string[]) => this.claims.lines(ids),
          (line) => line.claimId,
        ),
      )
      .load(claim.id);
  }

  @FieldResolver(() => [RiskFundClaimEvent], { description: 'Every step: who, when, why.' })
  async events(@Ctx() context: SubgraphContext, @Root() claim: RiskFundClaim): Promise<RiskFundClaimEvent[]> {
    return context.loaders
      .get('risk-fund-claim-events', () =>
        groupLoader(
          (ids: readonly string[]) => this.claims.events(ids),
          (event) => event.claimId,
        ),
      )
      .load(claim.id);
  }
}
