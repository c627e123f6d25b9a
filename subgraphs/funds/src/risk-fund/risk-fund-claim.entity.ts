import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { CLAIM_CAUSES, type ClaimCause } from './domain/claim-line';
import type { ClaimDocumentKind } from './domain/risk-fund-rules';

/** A supporting document by kind (004 第十八条; kinds in domain/risk-fund-rules.ts) and the bank's reference to it. */
export interface ClaimDocument {
  kind: ClaimDocumentKind;
  reference: string;
}

export type RiskFundClaimStatus = 'FILED' | 'VERIFIED' | 'TOWNSHIP_REVIEWED' | 'APPROVED' | 'PAID' | 'REJECTED';

export { CLAIM_CAUSES, type ClaimCause };

/**
 * A bank's quarterly claim on a county's risk fund (004 第十七、十八条): FILED by the bank with its
 * loans and their documents → VERIFIED by the claim job against the loans side (each line computed
 * under the rules in force) → TOWNSHIP_REVIEWED → APPROVED (another person) → PAID from the fund
 * on the ledger; or REJECTED at a review. Confidential (004 第二十一条): shown to the bank that
 * filed it, the county's bureau and finance bureau, and admins only.
 */
@Entity({ name: 'risk_fund_claims' })
@Index('risk_fund_claims_one_per_quarter_uq', ['countyCode', 'bankCode', 'quarter'], { unique: true, where: `"status" <> 'REJECTED'` })
@Check('risk_fund_claims_status_ck', `"status" IN ('FILED', 'VERIFIED', 'TOWNSHIP_REVIEWED', 'APPROVED', 'PAID', 'REJECTED')`)
export class RiskFundClaimRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ type: 'varchar', length: 6 })
  quarter: string;

  @Column({ type: 'varchar', length: 20 })
  status: RiskFundClaimStatus;

  @Column({ name: 'filed_on', type: 'date' })
  filedOn: string;

  @Column({ name: 'filed_by', type: 'varchar', length: 128 })
  filedBy: string;

  /** The claim's own documents: the application report and form (004 第十八条(一)(二)). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  documents: ClaimDocument[];

  @Column({ name: 'rules_version_id', type: 'varchar', length: 64, nullable: true })
  rulesVersionId: string | null;

  @Column({ name: 'township_review_due', type: 'date', nullable: true })
  townshipReviewDue: string | null;

  @Column({ name: 'confirmation_due', type: 'date', nullable: true })
  confirmationDue: string | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 128, nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'approved_by', type: 'varchar', length: 128, nullable: true })
  approvedBy: string | null;

  @Column({ name: 'rejection_reason', type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;

  /** Exactly the sum of the lines' fund shares (0 until verified). */
  @Column({ name: 'fund_pays', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  fundPays: Decimal;

  @Column({ name: 'paid_entry_id', type: 'uuid', nullable: true })
  paidEntryId: string | null;

  /** When the loans side was told this paid claim's loans are compensated (null: not yet). */
  @Column({ name: 'loans_told_at', type: 'timestamptz', nullable: true })
  loansToldAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One loan of a claim, with the bank's documents and, once verified, what the fund pays on it. */
@Entity({ name: 'risk_fund_claim_lines' })
@Index('risk_fund_claim_lines_claim_contract_uq', ['claimId', 'contractNo'], { unique: true })
export class RiskFundClaimLineRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @ManyToOne(() => RiskFundClaimRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'risk_fund_claim_lines_claim_fk' })
  claim?: RiskFundClaimRecord;

  @Column({ name: 'contract_no', type: 'varchar', length: 64 })
  contractNo: string;

  @Column({ name: 'insurance_paid', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  insurancePaid: Decimal;

  /** The ground the bank gives (004 第十七条); required where the rules set no portfolio NPL trigger. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  cause: ClaimCause | null;

  /** The loan's documents: its receipt, its collection notice (004 第十八条(三)(四)), any evidence of the ground. */
  @Column({ type: 'jsonb' })
  documents: ClaimDocument[];

  @Column({ name: 'loan_id', type: 'uuid', nullable: true })
  loanId: string | null;

  /** Why the line cannot be compensated at all (NOT_FOUND, ALREADY_CLAIMED, NOT_NPL, NO_CAUSE, NOT_EXTENDED, NPL_TARGET_UNKNOWN, NPL_NOT_ABOVE_TARGET, INVALID), or null. */
  @Column({ name: 'refusal', type: 'varchar', length: 24, nullable: true })
  refusal: string | null;

  @Column({ name: 'refusal_detail', type: 'varchar', length: 300, nullable: true })
  refusalDetail: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer })
  loss: Decimal | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer })
  compensable: Decimal | null;

  @Column({ name: 'fund_pays', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer })
  fundPays: Decimal | null;

  @Column({ name: 'bank_bears', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer })
  bankBears: Decimal | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  notes: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags: string[];
}

/** Who did what to a claim, when: every step, for the parties and the auditors. */
@Entity({ name: 'risk_fund_claim_events' })
@Index('risk_fund_claim_events_claim_idx', ['claimId', 'id'])
export class RiskFundClaimEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @ManyToOne(() => RiskFundClaimRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'risk_fund_claim_events_claim_fk' })
  claim?: RiskFundClaimRecord;

  @Column({ type: 'varchar', length: 20 })
  step: string;

  @Column({ type: 'varchar', length: 128 })
  actor: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}

/**
 * Money a bank recovered on a compensated loan, and the fund's part of it returned (pro rata to
 * the share the fund bore, 001 §四(二), 004 第二十一条), reported by the bank with its transfer.
 */
@Entity({ name: 'risk_fund_recoveries' })
@Index('risk_fund_recoveries_claim_reference_uq', ['claimId', 'reference'], { unique: true })
@Check('risk_fund_recoveries_amounts_ck', `"recovered" > 0 AND "return_to_fund" >= 0 AND "return_to_fund" <= "recovered"`)
export class RiskFundRecoveryRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @ManyToOne(() => RiskFundClaimRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'risk_fund_recoveries_claim_fk' })
  claim?: RiskFundClaimRecord;

  @Column({ name: 'contract_no', type: 'varchar', length: 64 })
  contractNo: string;

  /** The bank's reference of the return transfer: reported twice, recorded once. */
  @Column({ type: 'varchar', length: 64 })
  reference: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  recovered: Decimal;

  @Column({ name: 'return_to_fund', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  returnToFund: Decimal;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  /** The last day for the return (working days after receipt), or null where the rules set none. */
  @Column({ name: 'return_due', type: 'date', nullable: true })
  returnDue: string | null;

  /** Reported after the return was due. */
  @Column({ type: 'boolean' })
  late: boolean;

  @Column({ name: 'entry_id', type: 'uuid', nullable: true })
  entryId: string | null;

  @Column({ name: 'reported_by', type: 'varchar', length: 128 })
  reportedBy: string;

  @CreateDateColumn({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;
}
