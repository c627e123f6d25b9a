import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BankRecord } from '../bank/bank.entity';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { LoanStatus } from './loan-status';

/** A policy finding stored with the loan: the bank and bureau see why it gets no subsidy. */
export interface StoredLoanFlag {
  code: string;
  message: string;
  messageZh: string;
  source: string;
}

/**
 * A loan as the bank reported it. `householdId` is the households subgraph's id (a federation
 * key), `countyCode`/`townshipCode` are kept here so scoping never reads another schema.
 */
@Entity({ name: 'loans' })
@Check('loans_amount_ck', `"amount" > 0`)
@Check('loans_rate_ck', `"annual_rate" >= 0 AND "annual_rate" < 1`)
@Check('loans_term_ck', `"term_months" > 0 AND "maturity_date" > "contract_date"`)
@Index('loans_bank_contract_uq', ['bankCode', 'contractNo'], { unique: true })
@Index('loans_household_idx', ['householdId'])
@Index('loans_county_idx', ['countyCode', 'id'])
@Index('loans_bank_idx', ['bankCode', 'id'])
@Index('loans_flag_codes_idx', { synchronize: false })
@Check('loans_subsidized_ck', `"subsidized_amount" >= 0 AND "subsidized_amount" <= "amount"`)
@Check('loans_record_version_ck', `"record_version" >= 1`)
export class LoanRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'contract_no', type: 'varchar', length: 64 })
  contractNo: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  /** Only for the foreign key: code reads `bankCode` and loads banks through a loader. */
  @ManyToOne(() => BankRecord, { onDelete: 'RESTRICT', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'bank_code', referencedColumnName: 'code', foreignKeyConstraintName: 'loans_bank_fk' })
  bank?: BankRecord;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  amount: Decimal;

  /** Annual rate as a fraction (0.0345 = 3.45%), fixed for the life of the contract. */
  @Column({ name: 'annual_rate', type: 'numeric', precision: 8, scale: 6, transformer: decimalTransformer })
  annualRate: Decimal;

  @Column({ name: 'term_months', type: 'smallint' })
  termMonths: number;

  @Column({ name: 'contract_date', type: 'date' })
  contractDate: string;

  @Column({ name: 'maturity_date', type: 'date' })
  maturityDate: string;

  @Column({ type: 'varchar', length: 16 })
  status: LoanStatus;

  /** The day the current status began, as the bank reported it. */
  @Column({ name: 'status_date', type: 'date' })
  statusDate: string;

  /** The bank's version of this contract's record; only a higher version changes the row. */
  @Column({ name: 'record_version', type: 'integer' })
  recordVersion: number;

  /** HMAC of the borrower's resident ID (same key as the households subgraph), for matching. */
  @Column({ name: 'borrower_id_hash', type: 'char', length: 64 })
  borrowerIdHash: string;

  @Column({ name: 'borrower_id_masked', type: 'varchar', length: 18 })
  borrowerIdMasked: string;

  /** The part of the principal that earns subsidy and compensation (0 when the loan is flagged). */
  @Column({ name: 'subsidized_amount', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  subsidizedAmount: Decimal;

  @Column({ name: 'outstanding_principal', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  outstandingPrincipal: Decimal;

  @Column({ name: 'purpose_category', type: 'varchar', length: 24 })
  purposeCategory: string;

  @Column({ name: 'previous_contract_no', type: 'varchar', length: 64, nullable: true })
  previousContractNo: string | null;

  @Column({ name: 'renewal_count', type: 'smallint' })
  renewalCount: number;

  @Column({ type: 'boolean' })
  insured: boolean;

  @Column({ name: 'converted_to_farmer_loan', type: 'boolean' })
  convertedToFarmerLoan: boolean;

  /** Policy rule codes the loan breaks (empty: compliant); details in `flags`. */
  @Column({ name: 'flag_codes', type: 'text', array: true })
  flagCodes: string[];

  @Column({ type: 'jsonb' })
  flags: StoredLoanFlag[];

  /**
   * How many interest payments are stored for the loan, and an MD5 of them in order: a new
   * record whose first payments match is only appended to, not rewritten (banks resend them all).
   */
  @Column({ name: 'payment_count', type: 'smallint', default: 0 })
  paymentCount: number;

  @Column({ name: 'payments_digest', type: 'char', length: 32, nullable: true })
  paymentsDigest: string | null;

  @Column({ name: 'policy_version_id', type: 'varchar', length: 64, nullable: true })
  policyVersionId: string | null;

  @Column({ name: 'lpr_effective_date', type: 'date', nullable: true })
  lprEffectiveDate: string | null;

  /** The policy data's revision (policy_data_revision) whose data judged the flags above: at receipt, or when a re-evaluation checked it. */
  @Column({ name: 'policy_revision', type: 'integer', default: 0 })
  policyRevision: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
