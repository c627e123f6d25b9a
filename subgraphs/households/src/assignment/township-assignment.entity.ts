import { Check, Column, Entity, Exclusion, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 分片包干: the bank responsible for a township from `effectiveFrom` (inclusive) to
 * `effectiveTo` (exclusive, open when null). The database itself refuses two banks for one
 * township on the same day (000 national §四(三); 001 §二(四)).
 */
@Entity({ name: 'township_assignments' })
@Check('township_assignments_period_ck', `"effective_to" IS NULL OR "effective_to" > "effective_from"`)
@Exclusion('township_assignments_no_overlap', `USING gist ("township_code" WITH =, daterange("effective_from", "effective_to", '[)') WITH &&)`)
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
