import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { REASON_CODES, ReasonCode } from './domain/journal';

/**
 * One journal entry: immutable once committed (triggers refuse UPDATE and DELETE), corrected
 * only by a REVERSAL entry pointing at it. Its postings must sum to zero (a deferred constraint
 * trigger checks at commit); see migrations/…-LedgerGuards.
 */
@Entity({ name: 'journal_entries' })
@Index('journal_entries_idempotency_key_uq', ['idempotencyKey'], { unique: true })
@Index('journal_entries_reverses_uq', ['reversesEntryId'], { unique: true })
@Check('journal_entries_reason_ck', `"reason_code" IN (${REASON_CODES.map((c) => `'${c}'`).join(', ')})`)
@Check('journal_entries_reversal_ck', `("reason_code" = 'REVERSAL') = ("reverses_entry_id" IS NOT NULL)`)
@Check('journal_entries_request_hash_ck', `"request_hash" ~ '^[0-9a-f]{64}$'`)
@Check('journal_entries_idempotency_key_ck', `char_length("idempotency_key") >= 8`)
export class JournalEntryRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 })
  idempotencyKey: string;

  /** sha256 of the canonical request: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'reason_code', type: 'varchar', length: 24 })
  reasonCode: ReasonCode;

  @Column({ type: 'varchar', length: 500 })
  description: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate: string;

  /** Unique: an entry is reversed at most once. */
  @Column({ name: 'reverses_entry_id', type: 'uuid', nullable: true })
  reversesEntryId: string | null;

  @ManyToOne(() => JournalEntryRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reverses_entry_id', foreignKeyConstraintName: 'journal_entries_reverses_fk' })
  reversesEntry?: JournalEntryRecord;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
