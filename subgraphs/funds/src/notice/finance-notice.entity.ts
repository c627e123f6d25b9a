import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type FinanceNoticeKind = 'QUARTER_COMPUTED' | 'BATCHES_AWAIT_APPROVAL' | 'BATCH_ANSWERED' | 'QUARTER_RECONCILED' | 'RISK_FUND_ALERT';

/**
 * What the jobs tell a county's finance bureau (a quarter computed, batches waiting for approval,
 * a bank's answer, the reconciliation; a bank's lending beyond its fund or NPL past the trigger). A job that runs again after a crash writes the
 * same notice key and adds nothing.
 */
@Entity({ name: 'finance_notices' })
@Index('finance_notices_key_uq', ['noticeKey'], { unique: true })
@Index('finance_notices_county_idx', ['countyCode', 'id'])
@Check('finance_notices_kind_ck', `"kind" IN ('QUARTER_COMPUTED', 'BATCHES_AWAIT_APPROVAL', 'BATCH_ANSWERED', 'QUARTER_RECONCILED', 'RISK_FUND_ALERT')`)
export class FinanceNoticeRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'notice_key', type: 'varchar', length: 120 })
  noticeKey: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'varchar', length: 6 })
  quarter: string;

  @Column({ type: 'varchar', length: 24 })
  kind: FinanceNoticeKind;

  @Column({ name: 'message_zh', type: 'text' })
  messageZh: string;

  @Column({ name: 'message_en', type: 'text' })
  messageEn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
