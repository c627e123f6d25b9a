import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FundAccountKind } from './fund-account-kind';

/** A county's fund account held at a bank. Balances will be derived from the ledger, never stored. */
@Entity({ name: 'fund_accounts' })
@Index('fund_accounts_county_bank_kind_uq', ['countyCode', 'bankCode', 'kind'], { unique: true })
export class FundAccountRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ type: 'varchar', length: 24 })
  kind: FundAccountKind;

  @Column({ name: 'opened_on', type: 'date' })
  openedOn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
