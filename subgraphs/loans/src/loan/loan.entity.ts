import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BankRecord } from '../bank/bank.entity';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { LoanStatus } from './loan-status';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
