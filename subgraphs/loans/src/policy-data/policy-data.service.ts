/**
 * LPR fixings and loan policy versions as stored data. The shipped history (policy/lpr.ts,
 * policy/loan-policy.ts) is written once, without overwriting anything an administrator added or
 * corrected; later fixings come from the admin mutation or a file, never from code.
 */
import type { DataSource } from 'typeorm';
import { parseLoanPolicyRules, serializeLoanPolicyRules, SHIPPED_POLICY_VERSIONS, type LoanPolicyVersion } from '../policy/loan-policy';
import { parseLprFixing, SHIPPED_LPR_FIXINGS, type LprFixing, type LprFixingInput } from '../policy/lpr';
import type { LoanFlagCode } from '../policy/evaluate-loan';
import { LoanPolicyVersionRecord } from './loan-policy-version.entity';
import { LprFixingRecord } from './lpr-fixing.entity';

export interface PolicyData {
  fixings: LprFixing[];
  versions: LoanPolicyVersion[];
}

export class PolicyDataService {
  private seeded: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Writes the shipped fixings and policy versions that are not there yet (idempotent). */
  ensureShipped(): Promise<void> {
    this.seeded ??= (async () => {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(LprFixingRecord)
        .values(SHIPPED_LPR_FIXINGS.map((f) => ({ effectiveDate: f.effectiveDate, oneYear: f.oneYear, fiveYearPlus: f.fiveYearPlus, source: 'shipped (DOMAIN.md)', recordedBy: 'hub' })))
        .orIgnore()
        .execute();
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(LoanPolicyVersionRecord)
        .values(
          SHIPPED_POLICY_VERSIONS.map((v): Partial<LoanPolicyVersionRecord> => ({
            id: v.id,
            regionCode: v.regionCode,
            name: v.name,
            source: v.source,
            effectiveFrom: v.effectiveFrom,
            effectiveTo: v.effectiveTo,
            rules: serializeLoanPolicyRules(v.rules),
            ruleSources: (v.ruleSources ?? null) as Record<string, string> | null,
            recordedBy: 'hub',
          })),
        )
        .orIgnore()
        .execute();
    })().catch((error) => {
      this.seeded = null;
      throw error;
    });
    return this.seeded;
  }

  /** Everything the policy engine needs, in two small statements (a few hundred rows at most). */
  async load(): Promise<PolicyData> {
    await this.ensureShipped();
    const [fixings, versions] = await Promise.all([
      this.dataSource.getRepository(LprFixingRecord).find({ order: { effectiveDate: 'ASC' } }),
      this.dataSource.getRepository(LoanPolicyVersionRecord).find({ order: { regionCode: 'ASC', effectiveFrom: 'ASC' } }),
    ]);
    return {
      fixings: fixings.map((f) => ({ effectiveDate: f.effectiveDate, oneYear: f.oneYear, fiveYearPlus: f.fiveYearPlus })),
      versions: versions.map(toPolicyVersion),
    };
  }

  async fixings(): Promise<LprFixingRecord[]> {
    await this.ensureShipped();
    return this.dataSource.getRepository(LprFixingRecord).find({ order: { effectiveDate: 'DESC' } });
  }

  async policyVersions(regionCode: string | null): Promise<LoanPolicyVersion[]> {
    const { versions } = await this.load();
    return regionCode === null ? versions : versions.filter((v) => regionCode.startsWith(v.regionCode));
  }

  /**
   * Adds fixings (a new month's publication, or a file of them). A date already on record with
   * the same rates is accepted again (re-loading a file is harmless); with other rates it is an
   * error: a correction is a deliberate act, not a side effect of a load.
   */
  async recordFixings(inputs: LprFixingInput[], source: string, recordedBy: string): Promise<{ added: number; unchanged: number }> {
    const parsed = inputs.map((input) => parseLprFixing(input));
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.getRepository(LprFixingRecord).find();
      const byDate = new Map(existing.map((f) => [f.effectiveDate, f]));
      let added = 0;
      let unchanged = 0;
      for (const fixing of parsed) {
        const known = byDate.get(fixing.effectiveDate);
        if (known) {
          if (!known.oneYear.eq(fixing.oneYear) || !known.fiveYearPlus.eq(fixing.fiveYearPlus)) {
            throw new PolicyDataConflict(
              `LPR of ${fixing.effectiveDate} is already recorded as ${pct(known.oneYear)} / ${pct(known.fiveYearPlus)}; refusing ${pct(fixing.oneYear)} / ${pct(fixing.fiveYearPlus)}`,
            );
          }
          unchanged++;
          continue;
        }
        await manager.insert(LprFixingRecord, { effectiveDate: fixing.effectiveDate, oneYear: fixing.oneYear, fiveYearPlus: fixing.fiveYearPlus, source, recordedBy });
        byDate.set(fixing.effectiveDate, { ...fixing } as LprFixingRecord);
        added++;
      }
      return { added, unchanged };
    });
  }
}

export class PolicyDataConflict extends Error {}

const pct = (fraction: { times(n: number): { toFixed(places: number): string } }) => `${fraction.times(100).toFixed(2)}%`;

function toPolicyVersion(record: LoanPolicyVersionRecord): LoanPolicyVersion {
  return {
    id: record.id,
    regionCode: record.regionCode,
    effectiveFrom: record.effectiveFrom,
    effectiveTo: record.effectiveTo,
    name: record.name,
    source: record.source,
    ruleSources: (record.ruleSources ?? undefined) as Partial<Record<LoanFlagCode, string>> | undefined,
    rules: parseLoanPolicyRules(record.rules),
  };
}
