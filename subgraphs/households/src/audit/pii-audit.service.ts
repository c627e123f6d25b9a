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
  field: string;
  reason: string;
  subject: string;
  role: string;
  accessedAt: Date;
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

  /** The county's unmasked reads, newest first, below the id `before`; the county's bureau and admins only. */
  async trail(caller: Caller, countyCode: string, householdId: string | null, before: string | null, limit: number): Promise<PiiAccessView[]> {
    if (caller.role !== 'admin' && !(caller.role === 'bureau' && caller.counties.includes(countyCode)))
      throw new RosterError('FORBIDDEN', `only the bureau of county ${countyCode} or an admin reads its audit trail of unmasked reads`);
    const rows: { id: string; household_id: string; household_no: string; field: string; reason: string; subject: string; role: string; accessed_at: Date }[] =
      await this.dataSource.query(
        `SELECT a.id::text AS id, a.household_id, h.household_no, a.field, a.reason, a.subject, a.role, a.accessed_at
           FROM households.pii_access_audit a JOIN households.households h ON h.id = a.household_id
          WHERE h.county_code = $1 AND ($2::uuid IS NULL OR a.household_id = $2) AND ($3::bigint IS NULL OR a.id < $3)
          ORDER BY a.id DESC LIMIT $4`,
        [countyCode, householdId, before, limit],
      );
    return rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      householdNo: r.household_no,
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
