import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ACCOUNT_KIND_NAMES, ACCOUNT_KINDS, AccountKind, NormalSide } from './domain/journal';

const kindSideCases = Object.entries(ACCOUNT_KINDS)
  .map(([kind, side]) => `("kind" = '${kind}' AND "normal_side" = '${side}')`)
  .join(' OR ');

/**
 * A ledger account, e.g. `subsidy-budget:532301:2025`. It stores no balance: balances are the
 * sum of its postings. Kind and normal side are pinned together by a CHECK.
 */
@Entity({ name: 'ledger_accounts' })
@Index('ledger_accounts_code_uq', ['code'], { unique: true })
@Check('ledger_accounts_kind_ck', `"kind" IN (${ACCOUNT_KIND_NAMES.map((k) => `'${k}'`).join(', ')})`)
@Check('ledger_accounts_kind_side_ck', kindSideCases)
@Check('ledger_accounts_county_ck', `"county_code" ~ '^[0-9]{6}$'`)
export class LedgerAccountRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 80 })
  code: string;

  @Column({ type: 'varchar', length: 24 })
  kind: AccountKind;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  /** The issuing or depositary bank, for per-bank accounts (payable, risk fund). */
  @Column({ name: 'bank_code', type: 'varchar', length: 16, nullable: true })
  bankCode: string | null;

  @Column({ name: 'normal_side', type: 'varchar', length: 6 })
  normalSide: NormalSide;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
