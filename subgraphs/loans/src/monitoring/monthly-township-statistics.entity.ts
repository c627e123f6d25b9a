import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The coverage of listed households (应贷尽贷) per township and month, over all lending banks:
 * households with an outstanding loan against the households on the township's roster (passed in
 * by the monthly job from the households side). Counts only, no household or person.
 */
@Entity({ name: 'monthly_township_statistics' })
export class MonthlyTownshipStatisticsRecord {
  @PrimaryColumn({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  /** 'YYYY-MM'. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  /** Households with an outstanding loan at any bank. */
  @Column({ type: 'integer' })
  borrowers: number;

  /** The township's households on the roster when computed (null when unknown). */
  @Column({ name: 'eligible_households', type: 'integer', nullable: true })
  eligibleHouseholds: number | null;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
