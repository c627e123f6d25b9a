import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BankChangeAction = 'REGISTERED' | 'UPDATED' | 'RETIRED';

/** The audit trail of the bank registry: who registered, changed or retired a bank, and what changed. */
@Entity({ name: 'bank_changes' })
@Index('bank_changes_bank_idx', ['bankCode', 'at'])
export class BankChangeRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ type: 'varchar', length: 16 })
  action: BankChangeAction;

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** Field → { from, to } (all fields, from null, when registered; the reason when retired). */
  @Column({ type: 'jsonb' })
  changes: Record<string, { from: unknown; to: unknown }>;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;
}
