import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every unmasked read of personal data: who, what, when, why (kept ≥ 3 years, PIPL arts. 55-56). */
@Entity({ name: 'pii_access_audit' })
@Index('pii_access_audit_household_idx', ['householdId', 'accessedAt'])
export class PiiAccessRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  subject: string;

  @Column({ type: 'varchar', length: 16 })
  role: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 32 })
  field: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  @CreateDateColumn({ name: 'accessed_at', type: 'timestamptz' })
  accessedAt: Date;
}
