/**
 * Writes the demo banks and loans into this subgraph's own tables the way production data
 * arrives: each bank's list is recorded as delivered (sequence 0, "before the hub"), then its
 * loans go through the same ingest path as a bank's report, so they carry policy flags.
 * Idempotent: recording a delivery twice and re-reporting a record version change nothing.
 */
import type { DataSource } from 'typeorm';
import type { LoanRecordWire } from '../../../../contracts/bank-connector/protocol';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { Caller } from '../../../../common/auth/caller';
import type { BankService } from '../bank/bank.service';
import type { BankListService } from '../bank-list/bank-list.service';
import type { LoanIngestService } from '../ingest/loan-ingest.service';

/** A demo bank: what an admin registers (names, card prefixes, counties; connector details optional). */
export interface DemoBankInput {
  code: string;
  name: string;
  nameEn?: string;
  cardPrefixes?: string[];
  countyCodes?: string[];
  connectorUrl?: string | null;
  credentialRef?: string | null;
}

/** The demo registers its banks as an admin would, recorded as this actor. */
const DEMO_ADMIN: Caller = { subject: 'demo-loader', role: 'admin', counties: [], bank: null };

export interface DemoLoansInput {
  banks: DemoBankInput[];
  /** Who is on each bank's list (the head's resident ID is hashed here, never stored in clear). */
  listed: { bankCode: string; householdId: string; residentId: string; countyCode: string; townshipCode: string; listedFrom: string }[];
  loans: (LoanRecordWire & { bankCode: string })[];
}

/** The loans app's parts the loader uses (the app passes itself). */
export interface DemoLoansServices {
  dataSource: DataSource;
  pii: PiiProtector;
  banks: BankService;
  bankLists: BankListService;
  ingest: LoanIngestService;
}

export async function loadDemoLoans(
  { dataSource, pii, banks, bankLists: lists, ingest }: DemoLoansServices,
  input: DemoLoansInput,
): Promise<{ loans: number; flagged: number }> {
  // The registry's own path (the checks, the audit trail); a bank registered already is left as it is,
  // but for its connector when the demo names one (npm start's simulator may listen elsewhere this time).
  for (const bank of input.banks) {
    const outcome = await banks.ensureRegistered(DEMO_ADMIN, {
      code: bank.code,
      name: bank.name,
      nameEn: bank.nameEn ?? bank.code,
      cardPrefixes: bank.cardPrefixes ?? [],
      countyCodes: bank.countyCodes ?? [],
      connectorUrl: bank.connectorUrl ?? null,
      credentialRef: bank.credentialRef ?? null,
    });
    if (outcome === 'known' && bank.connectorUrl)
      await banks.update(DEMO_ADMIN, bank.code, { connectorUrl: bank.connectorUrl, credentialRef: bank.credentialRef ?? null });
  }
  for (const bank of input.banks) {
    const members = input.listed.filter((m) => m.bankCode === bank.code);
    if (members.length === 0) continue;
    await lists.recordDelivered({
      bankCode: bank.code,
      sequence: 0,
      effectiveDate: members[0].listedFrom,
      snapshot: null,
      members: members.map((m) => ({
        householdId: m.householdId,
        idHash: pii.hash(m.residentId),
        countyCode: m.countyCode,
        townshipCode: m.townshipCode,
        op: 'ADD' as const,
      })),
    });
  }
  let applied = 0;
  for (const bank of input.banks) {
    const records = input.loans.filter((l) => l.bankCode === bank.code).map(({ bankCode: _bank, ...record }) => record);
    if (records.length) applied += (await ingest.apply(bank.code, records, 'REPORT')).applied;
  }
  const [{ flagged }] = await dataSource.query(`SELECT count(*)::int AS flagged FROM loans.loans WHERE cardinality(flag_codes) > 0`);
  return { loans: applied, flagged };
}
