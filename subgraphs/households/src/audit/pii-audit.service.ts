/**
 * Unmasked personal data: who may see it, and the audit row every such read leaves.
 * Writes are batched per request (one INSERT for all the fields a query reveals).
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { RosterError } from '../roster/roster-access';

export type RevealedField = 'headName' | 'idNumber' | 'phone';

export interface PiiRead {
  householdId: string;
  field: RevealedField;
  reason: string;
}

/** A household as far as the reveal rule needs it. */
export interface RevealTarget {
  countyCode: string;
}

/** One row of the audit trail as the API shows it. */
export interface PiiAccessView {
  id: string;
  householdId: string;
  householdNo: string;
  countyCode: string;
  field: string;
  reason: string;
  subject: string;
  role: string;
  accessedAt: Date;
}

/** What the audit trail is narrowed to; null: any. */
export interface PiiAccessFilter {
  countyCode: string | null;
  householdId: string | null;
  subject: string | null;
  role: string | null;
  field: string | null;
  accessedFrom: Date | null;
  accessedBefore: Date | null;
}

export class PiiAuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Full values go to the bureau of the household's county, and to a bank for households in its
   * assigned townships (the household query only returns those to a bank). Nobody else.
   */
  assertMayReveal(caller: Caller, household: RevealTarget, reason: string | null | undefined): string {
    const why = (reason ?? '').trim();
    if (why.length < 4 || why.length > 200)
      throw new RosterError('ROSTER_BAD_REQUEST', 'give a reason (4-200 characters) to see personal data unmasked; it is recorded');
    if (caller.role === 'bureau' && caller.counties.includes(household.countyCode)) return why;
    if (caller.role === 'bank') return why; // scope already limited the household to the bank's townships
    throw new RosterError('FORBIDDEN', `a ${caller.role} may not see unmasked personal data`);
  }

  /**
   * Unmasked reads, newest first, below the id `before`: of one county (its bureau and admins), or
   * of every county (admins only: the audit across counties), narrowed by the filter.
   */
  async trail(caller: Caller, filter: PiiAccessFilter, before: string | null, limit: number): Promise<PiiAccessView[]> {
    const { countyCode } = filter;
    if (countyCode === null) {
      if (caller.role !== 'admin') throw new RosterError('FORBIDDEN', 'only an admin reads the audit trail of every county: name your county (countyCode)');
    } else if (caller.role !== 'admin' && !(caller.role === 'bureau' && caller.counties.includes(countyCode)))
      throw new RosterError('FORBIDDEN', `only the bureau of county ${countyCode} or an admin reads its audit trail of unmasked reads`);
    const rows: {
      id: string;
      household_id: string;
      household_no: string;
      county_code: string;
      field: string;
      reason: string;
      subject: string;
      role: string;
      accessed_at: Date;
    }[] = await this.dataSource.query(
      `SELECT a.id::text AS id, a.household_id, h.household_no, h.county_code, a.field, a.reason, a.subject, a.role, a.accessed_at
         FROM households.pii_access_audit a JOIN households.households h ON h.id = a.household_id
        WHERE ($1::varchar IS NULL OR h.county_code = $1) AND ($2::uuid IS NULL OR a.household_id = $2) AND ($3::bigint IS NULL OR a.id < $3)
          AND ($5::varchar IS NULL OR a.subject = $5) AND ($6::varchar IS NULL OR a.role = $6) AND ($7::varchar IS NULL OR a.field = $7)
          AND ($8::timestamptz IS NULL OR a.accessed_at >= $8) AND ($9::timestamptz IS NULL OR a.accessed_at < $9)
        ORDER BY a.id DESC LIMIT $4`,
      [countyCode, filter.householdId, before, limit, filter.subject, filter.role, filter.field, filter.accessedFrom, filter.accessedBefore],
    );
    return rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      householdNo: r.household_no,
      countyCode: r.county_code,
      field: r.field,
      reason: r.reason,
      subject: r.subject,
      role: r.role,
      accessedAt: new Date(r.accessed_at),
    }));
  }

  private async write(caller: Caller, requestId: string, reads: readonly PiiRead[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO households.pii_access_audit (subject, role, household_id, field, reason, request_id)
       SELECT $1, $2, * , $3 FROM unnest($4::uuid[], $5::text[], $6::text[])`,
      [caller.subject, caller.role, requestId, reads.map((r) => r.householdId), reads.map((r) => r.field), reads.map((r) => r.reason)],
    );
  }

  /** Per-request batcher: every reveal in a query is recorded in one statement before values return. */
  recorder(context: SubgraphContext): DataLoader<PiiRead, true, string> {
    return context.loaders.get(
      'pii-audit',
      () =>
        new DataLoader<PiiRead, true, string>(
          async (reads) => {
            await this.write(context.caller, context.requestId, reads);
            return reads.map(() => true as const);
          },
          { cacheKeyFn: (r) => `${r.householdId}/${r.field}/${r.reason}` },
        ),
    );
  }
}
