import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type RosterVersionStatus = 'draft' | 'published' | 'superseded' | 'discarded';

/**
 * A complete roster of a county as imported. Drafts become current by publishing; the one
 * published before is superseded at that instant, so "who was on the list at time T" is the
 * version with published_at <= T < superseded_at.
 */
@Entity({ name: 'roster_versions' })
@Index('roster_versions_county_number_uq', ['countyCode', 'number'], { unique: true })
@Index('roster_versions_one_published_uq', ['countyCode'], { unique: true, where: `"status" = 'published'` })
export class RosterVersionRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  /** 1, 2, 3 … per county, in import order. */
  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'varchar', length: 12 })
  status: RosterVersionStatus;

  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @Column({ name: 'household_count', type: 'integer' })
  householdCount: number;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_by', type: 'varchar', length: 128, nullable: true })
  publishedBy: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
