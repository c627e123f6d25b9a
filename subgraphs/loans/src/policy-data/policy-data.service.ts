/**
 * LPR fixings and loan policy versions as stored data. The shipped history (policy/lpr.ts,
 * policy/loan-policy.ts) is written once, without overwriting anything an administrator added or
 * corrected; later fixings come from the admin mutation or a file, never from code.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { parseLoanPolicyRules, serializeLoanPolicyRules, SHIPPED_POLICY_VERSIONS, type LoanPolicyVersion } from '../policy/loan-policy';
import { parseLprFixing, SHIPPED_LPR_FIXINGS, type LprFixing, type LprFixingInput } from '../policy/lpr';
import type { LoanFlagCode } from '../policy/evaluate-loan';
import { PolicyDataError } from '../policy/policy-data-error';
import { isIsoDate } from '../policy/policy-dates';
import { LoanPolicyVersionRecord } from './loan-policy-version.entity';
import { LprFixingRecord } from './lpr-fixing.entity';
import { HubError } from '../../../../common/errors/hub-error';
import { requestReevaluation } from '../reevaluation/request-reevaluation';
import { bumpPolicyRevision, currentPolicyRevision } from './policy-data-revision';
import { onceUntilFailure } from '../../../../common/once-until-failure';

export interface PolicyData {
  /** The policy data's revision these were read at (policy-data-revision.ts). */
  revision: number;
  fixings: LprFixing[];
  versions: LoanPolicyVersion[];
}

export class PolicyDataService {
  /**
   * `reevaluationRequested` queues the re-evaluation of the stored loans that a recorded version
   * or fixing governs, once the transaction that recorded both has committed (a failure to queue
   * is left to the worker's dispatcher).
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly reevaluationRequested: (reevaluationId: string) => Promise<void> = async () => undefined,
  ) {}

  /** Writes the shipped fixings and policy versions that are not there yet (idempotent). */
  readonly ensureShipped = onceUntilFailure(() =>
    this.dataSource.transaction(async (manager) => {
      const fixings = await manager
        .createQueryBuilder()
        .insert()
        .into(LprFixingRecord)
        .values(
          SHIPPED_LPR_FIXINGS.map((f) => ({
            effectiveDate: f.effectiveDate,
            oneYear: f.oneYear,
            fiveYearPlus: f.fiveYearPlus,
            source: 'shipped (DOMAIN.md)',
            recordedBy: 'hub',
          })),
        )
        .orIgnore()
        .returning('effective_date')
        .execute();
      const versions = await manager
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
        .returning('id')
        .execute();
      // Data written (a new database, or a release shipping more): the caches of other processes read it.
      if (fixings.raw.length + versions.raw.length > 0) await bumpPolicyRevision(manager);
    }),
  );

  private cached: { revision: number; data: Promise<PolicyData> } | null = null;

  /**
   * Everything the policy engine needs, in two small statements (a few hundred rows at most),
   * kept while the policy data's revision stays where it was: each call reads the revision (one
   * primary-key read) and reads the data again only when it moved, so a version or fixing
   * recorded by another process is seen by the next call. `manager` reads inside the caller's
   * transaction (the ingest reads it under the judgement lock, policy-data-revision.ts); `fresh`
   * reads the data whatever the revision says.
   */
  async load(options: { fresh?: boolean; manager?: EntityManager } = {}): Promise<PolicyData> {
    await this.ensureShipped();
    const db = options.manager ?? this.dataSource.manager;
    const revision = await currentPolicyRevision(db);
    const cached = this.cached;
    if (!options.fresh && cached && cached.revision === revision) return cached.data;
    const data = this.read(db, revision);
    const entry = { revision, data };
    this.cached = entry;
    data.catch(() => {
      if (this.cached === entry) this.cached = null;
    });
    return data;
  }

  /** Read after the revision (read committed): the data is at least as new as the revision it is filed under. */
  private async read(db: EntityManager, revision: number): Promise<PolicyData> {
    const fixings = await db.getRepository(LprFixingRecord).find({ order: { effectiveDate: 'ASC' } });
    const versions = await db.getRepository(LoanPolicyVersionRecord).find({ order: { regionCode: 'ASC', effectiveFrom: 'ASC' } });
    return {
      revision,
      fixings: fixings.map((f) => ({ effectiveDate: f.effectiveDate, oneYear: f.oneYear, fiveYearPlus: f.fiveYearPlus })),
      versions: versions.map(toPolicyVersion),
    };
  }

  async fixings(): Promise<LprFixingRecord[]> {
    await this.ensureShipped();
    return this.dataSource.getRepository(LprFixingRecord).find({ order: { effectiveDate: 'DESC' } });
  }

  /** `limit` fixings older than `before` (a page of the history, newest first; the caller asks one more). */
  async fixingPage(limit: number, before: string | null): Promise<LprFixingRecord[]> {
    await this.ensureShipped();
    const query = this.dataSource.getRepository(LprFixingRecord).createQueryBuilder('f').orderBy('f.effectiveDate', 'DESC').limit(limit);
    if (before !== null) query.where('f.effectiveDate < :before', { before });
    return query.getMany();
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
  /**
   * Adds a region's policy version. Rules are validated by the policy module; a version may not
   * overlap another of the same region (the one in force on a date must be unambiguous).
   */
  async recordPolicyVersion(input: PolicyVersionInput, recordedBy: string): Promise<LoanPolicyVersion> {
    if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(input.id))
      throw new PolicyDataError('POLICY_INVALID_ARGUMENT', 'id', `id "${input.id}" must be lower-case letters, digits and -`);
    if (!/^(\d{2}|\d{4}|\d{6})?$/.test(input.regionCode))
      throw new PolicyDataError('POLICY_INVALID_ARGUMENT', 'regionCode', `regionCode "${input.regionCode}" must be '' (national) or 2, 4 or 6 digits`);
    for (const [field, value] of [
      ['effectiveFrom', input.effectiveFrom],
      ['effectiveTo', input.effectiveTo],
    ] as const) {
      if (value !== null && !isIsoDate(value)) throw new PolicyDataError('POLICY_INVALID_ARGUMENT', field, `${field} "${value}" is not a real date YYYY-MM-DD`);
    }
    if (input.effectiveTo !== null && input.effectiveTo <= input.effectiveFrom)
      throw new PolicyDataError('POLICY_INVALID_ARGUMENT', 'effectiveTo', 'effectiveTo must be after effectiveFrom');
    const rules = parseLoanPolicyRules(input.rules);
    await this.ensureShipped();
    const recorded = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-policy-${input.regionCode}`]);
      const [clash] = await manager.query(
        `SELECT id, effective_from, effective_to FROM loans.loan_policy_versions
         WHERE id = $1 OR (region_code = $2 AND daterange(effective_from, effective_to) && daterange($3::date, $4::date))`,
        [input.id, input.regionCode, input.effectiveFrom, input.effectiveTo],
      );
      if (clash)
        throw new PolicyDataConflict(
          clash.id === input.id ? `a policy version "${input.id}" already exists` : `it overlaps version "${clash.id}" of the same region; end that one first`,
          'effectiveFrom',
        );
      const row: Partial<LoanPolicyVersionRecord> = {
        id: input.id,
        regionCode: input.regionCode,
        name: input.name,
        source: input.source,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo,
        rules: serializeLoanPolicyRules(rules),
        ruleSources: null,
        recordedBy,
      };
      await manager.getRepository(LoanPolicyVersionRecord).insert(row as LoanPolicyVersionRecord);
      const revision = await bumpPolicyRevision(manager);
      // The loans it governs are judged again: its region's, contracted while it is in force.
      const reevaluationId = await requestReevaluation(
        manager,
        { policyVersionId: input.id, regionCode: input.regionCode, contractFrom: input.effectiveFrom, contractTo: input.effectiveTo },
        recordedBy,
        revision,
      );
      return { version: { ...input, rules }, reevaluationId };
    });
    await this.queueReevaluation(recorded.reevaluationId);
    return recorded.version;
  }

  async recordFixings(inputs: LprFixingInput[], source: string, recordedBy: string): Promise<{ added: number; unchanged: number }> {
    const parsed = inputs.map((input) => parseLprFixing(input));
    const outcome = await this.dataSource.transaction(async (manager) => {
      // Two loads of one file at once: the second waits and finds the dates known (not a key error).
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['huinong-lpr-fixings']);
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
              'fixings',
            );
          }
          unchanged++;
          continue;
        }
        await manager.insert(LprFixingRecord, {
          effectiveDate: fixing.effectiveDate,
          oneYear: fixing.oneYear,
          fiveYearPlus: fixing.fiveYearPlus,
          source,
          recordedBy,
        });
        byDate.set(fixing.effectiveDate, { ...fixing } as LprFixingRecord);
        added++;
      }
      // Every loan contracted since the earliest new fixing is judged again (its rate cap may have changed).
      const earliest = parsed
        .map((f) => f.effectiveDate)
        .filter((date) => !existing.some((e) => e.effectiveDate === date))
        .sort()[0];
      const reevaluationId = earliest
        ? await requestReevaluation(manager, { lprEffectiveDate: earliest }, recordedBy, await bumpPolicyRevision(manager))
        : null;
      return { added, unchanged, reevaluationId };
    });
    if (outcome.reevaluationId) await this.queueReevaluation(outcome.reevaluationId);
    return { added: outcome.added, unchanged: outcome.unchanged };
  }

  /** Recorded either way: the caller's enqueuer logs a failure, and the worker's dispatcher queues what is left unfinished. */
  private async queueReevaluation(id: string): Promise<void> {
    await this.reevaluationRequested(id).catch(() => undefined);
  }
}

export interface PolicyVersionInput {
  id: string;
  regionCode: string;
  name: string;
  source: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  rules: unknown;
}

/** A version or fixing that clashes with one recorded: history is never rewritten. */
export class PolicyDataConflict extends HubError {
  constructor(message: string, field: string) {
    super('POLICY_VERSION_CONFLICT', message, { field });
  }
}

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
