import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader } from '../../../../common/loaders';
import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import { Bank } from '../federation/bank.reference';
import { Household } from '../federation/household.reference';
import { OneCardAccountStatus } from '../one-card-account/account-status';
import { OneCardAccountWriter } from '../one-card-account/one-card-account-writer';
import type { PayoutBatchRecord } from './payout-batch.entity';
import { PayoutService } from './payout.service';

@ObjectType('PayoutInstruction', { description: 'One subsidy payment into one 一卡通 account.' })
class PayoutInstructionView {
  @Field(() => ID, { description: 'The instruction id the bank pays at most once.' })
  id: string;

  batchId: string;

  @Field()
  contractNo: string;

  @Field(() => Household, { nullable: true })
  household: Household;

  @Field({ description: 'Masked (first 6 + last 4).' })
  accountNumber: string;

  @Field(() => DecimalScalar)
  amount: Decimal;

  @Field({ description: 'PENDING, PAID or FAILED.' })
  status: string;

  @Field(() => String, { nullable: true, description: 'ACCOUNT_CLOSED, ACCOUNT_FROZEN, NAME_MISMATCH, ACCOUNT_NOT_FOUND.' })
  failureReason: string | null;

  @Field(() => String, { nullable: true })
  bankReference: string | null;
}

@ObjectType('PayoutBatch', { description: 'The quarter’s payments through one issuing bank: DRAFT → APPROVED → SENT → CLOSED.' })
class PayoutBatchView {
  @Field(() => ID)
  id: string;

  @Field()
  countyCode: string;

  @Field()
  quarter: string;

  @Field(() => Bank, { description: 'The bank that issued the accounts.' })
  bank: Bank;

  @Field()
  status: string;

  @Field(() => Int)
  lineCount: number;

  @Field(() => DecimalScalar)
  totalAmount: Decimal;

  @Field(() => DecimalScalar)
  paidAmount: Decimal;

  @Field(() => DecimalScalar)
  failedAmount: Decimal;

  @Field(() => String, { nullable: true })
  approvedBy: string | null;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true })
  lastError: string | null;
}

@ObjectType('WaitingPayoutLine', { description: 'A payable subsidy line that cannot be paid yet, and why.' })
class WaitingLineView {
  @Field()
  contractNo: string;

  @Field(() => Household, { nullable: true })
  household: Household;

  @Field(() => DecimalScalar)
  amount: Decimal;

  @Field({ description: 'NO_ACCOUNT, ACCOUNT_CLOSED, ACCOUNT_FROZEN or ACCOUNT_NOT_FIXED.' })
  reason: string;

  @Field()
  detail: string;
}

@ObjectType('PayoutPreparation')
class PayoutPreparationView {
  @Field(() => [PayoutBatchView], { description: 'The DRAFT batches created now (empty when nothing new is payable).' })
  batches: PayoutBatchView[];

  @Field(() => [WaitingLineView])
  waiting: WaitingLineView[];
}

@InputType('OneCardAccountInput')
class OneCardAccountInput {
  @Field(() => ID)
  householdId: string;

  @Field()
  countyCode: string;

  @Field()
  issuingBankCode: string;

  @Field({ description: 'Card or account number, 12 to 25 digits (a 16–19 digit card is Luhn-checked); stored encrypted, shown masked.' })
  accountNumber: string;

  @Field()
  holderName: string;

  @Field(() => OneCardAccountStatus, { defaultValue: OneCardAccountStatus.ACTIVE })
  status: OneCardAccountStatus;
}

function toBatchView(record: PayoutBatchRecord): PayoutBatchView {
  return {
    id: record.id,
    countyCode: record.countyCode,
    quarter: record.quarter,
    bank: { code: record.bankCode },
    status: record.status,
    lineCount: record.lineCount,
    totalAmount: record.totalAmount,
    paidAmount: record.paidAmount,
    failedAmount: record.failedAmount,
    approvedBy: record.approvedBy,
    attempts: record.attempts,
    lastError: record.lastError,
  };
}

@Resolver(() => PayoutBatchView)
export class PayoutResolver {
  constructor(
    private readonly payouts: PayoutService,
    private readonly accounts: OneCardAccountWriter,
    private readonly pii: PiiProtector,
  ) {}

  @Query(() => [PayoutBatchView], { description: "The quarter's payout batches (finance bureau, bureau, admins)." })
  async payoutBatches(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string, @Arg('quarter', () => String) quarter: string): Promise<PayoutBatchView[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.payouts.batches(context.caller, countyCode, quarter)).map(toBatchView);
  }

  @Mutation(() => PayoutPreparationView, { description: 'Puts every payable line without a live payment into DRAFT batches per issuing bank; lists the lines that must wait.' })
  async preparePayoutBatches(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string, @Arg('quarter', () => String) quarter: string): Promise<PayoutPreparationView> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const prepared = await this.payouts.prepare(context.caller, countyCode, quarter);
    return {
      batches: prepared.batches.map(toBatchView),
      waiting: prepared.waiting.map((w) => ({ contractNo: w.contractNo, household: { id: w.householdId }, amount: w.amount, reason: w.reason, detail: w.detail })),
    };
  }

  @Mutation(() => PayoutBatchView, { description: 'The finance bureau approves a DRAFT batch; the worker then sends it to the bank.' })
  async approvePayoutBatch(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<PayoutBatchView> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a batch id`, 'id');
    return toBatchView(await this.payouts.approve(context.caller, id));
  }

  @Mutation(() => Boolean, { description: "Records or corrects a household's 一卡通 account (finance bureau of its county)." })
  async setOneCardAccount(@Ctx() context: SubgraphContext, @Arg('input', () => OneCardAccountInput) input: OneCardAccountInput): Promise<boolean> {
    await this.accounts.set(context.caller, input);
    return true;
  }

  @FieldResolver(() => [PayoutInstructionView])
  instructions(@Root() batch: PayoutBatchView, @Ctx() context: SubgraphContext): Promise<PayoutInstructionView[]> {
    const loader = context.loaders.get('payout-instructions', () =>
      groupLoader(
        async (ids: readonly string[]) =>
          (await this.payouts.instructions(ids)).map((i) => ({
            id: i.id,
            batchId: i.batchId,
            contractNo: i.contractNo,
            household: { id: i.householdId },
            accountNumber: mask('cardNumber', this.pii.open({ ciphertext: i.accountNumberSealed, keyId: i.piiKeyId })),
            amount: i.amount,
            status: i.status,
            failureReason: i.failureReason,
            bankReference: i.bankReference,
          })),
        (i) => i.batchId,
      ),
    );
    return loader.load(batch.id);
  }
}
