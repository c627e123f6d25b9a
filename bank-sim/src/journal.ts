/**
 * What the simulated banks hold, kept between runs: one NDJSON file per bank under a state
 * directory (`npm start` uses DATA_DIR/bank-sim), beside the hub's own data. The simulator is
 * deterministic for a seed, so its state is the seed plus what changed it, in order: the
 * deliveries and payout batches it applied (their exact bodies and idempotency keys) and the
 * admin actions (lend, advance, generate-loans, accounts). At start the file is read and each
 * entry applied again, which rebuilds the list, the sequence, the loan book and its change feed
 * (so the hub's saved cursor and next sequence are still the bank's), and the payout desk.
 *
 * Refused requests, replays and armed faults change nothing lasting and are not written.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';

export type JournalEntry =
  | { op: 'delivery'; key: string; body: string }
  | { op: 'payout'; key: string; body: string }
  | { op: 'lend'; share: number; asOf: string }
  | { op: 'advance'; to: string }
  | { op: 'generate'; count: number; asOf: string; townships?: string[] }
  | { op: 'account'; account: { accountNumber?: unknown; status?: unknown; holderName?: unknown } };

export interface Journal {
  append(bankCode: string, entry: JournalEntry): void;
}

interface JournalHeader {
  bank: string;
  seed: number;
  format: 1;
}

export class JournalMismatch extends Error {}

/** The bank's file: a header line, then one entry per line, appended synchronously before the bank answers. */
export class FileJournal implements Journal {
  constructor(
    private readonly dir: string,
    private readonly seed: number,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  fileOf(bankCode: string): string {
    return join(this.dir, `${bankCode}.ndjson`);
  }

  /** The entries kept for a bank (none for a new one); a torn last line (a crash mid-write) is left out. */
  load(bankCode: string): JournalEntry[] {
    const file = this.fileOf(bankCode);
    if (!existsSync(file)) return [];
    const bytes = readFileSync(file);
    // A torn last line is cut off the file too (at a byte offset: names are Chinese): the next
    // append would otherwise land on it, and the merged line would hide that entry now and break
    // the file once another follows.
    if (bytes.length && bytes[bytes.length - 1] !== 0x0a) truncateSync(file, bytes.lastIndexOf(0x0a) + 1);
    const lines = bytes.toString('utf8').split('\n');
    const entries: JournalEntry[] = [];
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (problem) {
        if (index >= lines.length - 2) return; // the last line, cut short
        throw new JournalMismatch(`${file} line ${index + 1} is not JSON: ${(problem as Error).message}`);
      }
      if (index === 0) {
        const header = parsed as JournalHeader;
        if (header.bank !== bankCode || header.format !== 1) throw new JournalMismatch(`${file} is not the state of bank ${bankCode}`);
        // Another seed would rebuild another loan book: the hub's cursors would point into it.
        if (header.seed !== this.seed)
          throw new JournalMismatch(
            `${file} was made with --seed ${header.seed}, not ${this.seed}: start with that seed, or remove the file (and resync the bank)`,
          );
        return;
      }
      entries.push(parsed as JournalEntry);
    });
    return entries;
  }

  append(bankCode: string, entry: JournalEntry): void {
    const file = this.fileOf(bankCode);
    if (!existsSync(file)) appendFileSync(file, JSON.stringify({ bank: bankCode, seed: this.seed, format: 1 } satisfies JournalHeader) + '\n');
    appendFileSync(file, JSON.stringify(entry) + '\n');
  }
}
