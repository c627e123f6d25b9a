import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 分片包干: the bank responsible for a township from `effectiveFrom` (inclusive) to
 * `effectiveTo` (exclusive, open when null). The database refuses overlapping periods
 * for one township (see the migration's exclusion constraint).
 */
@Entity({ name: 'township_assignments' })
@Index('township_assignments_bank_idx', ['bankCode'])
export class TownshipAssignmentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo: string | null;
}
