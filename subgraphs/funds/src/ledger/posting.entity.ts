import type Decimal from 'decimal.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { JournalEntryRecord } from './journal-entry.entity';
import { LedgerAccountRecord } from './ledger-account.entity';

/**
 * One line of a journal entry. `amount` is signed: DEBIT positive, CREDIT negative, never zero.
 * An account appears at most once per entry.
 */
@Entity({ name: 'postings' })
@Check('postings_amount_ck', `"amount" <> 0`)
@Index('postings_entry_account_uq', ['entryId', 'accountId'], { unique: true })
@Index('postings_account_idx', ['accountId'])
export class PostingRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @ManyToOne(() => JournalEntryRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'postings_entry_fk' })
  entry?: JournalEntryRecord;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @ManyToOne(() => LedgerAccountRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'postings_account_fk' })
  account?: LedgerAccountRecord;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  amount: Decimal;
}
