/**
 * The error codes as one list: documented in docs/errors.md exactly as common/errors/error-codes.ts
 * has them, each with a kind and a meaning in both languages, and each one a client can meet
 * reached by a test through the gateway (its code is asserted in test/integration).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, httpStatusOf, type HubErrorCode } from '../../common/errors/error-codes';
import { errorCodesTable } from '../../common/errors/error-codes-table';
import { HubError } from '../../common/errors/hub-error';

const ROOT = join(__dirname, '..', '..');
const CODES = Object.keys(ERROR_CODES) as HubErrorCode[];

/** Codes no client operation reaches (or none the suite can build in reasonable time), each with why. */
const NOT_CLIENT_FACING: Partial<Record<HubErrorCode, string>> = {
  ACCOUNT_CONFLICT: 'accounts are opened by the hub with codes it derives, never by a client',
  ENTRY_NOT_FOUND: 'reversals are made by the hub (payout failures, corrections), not through the API',
  ALREADY_REVERSED: 'likewise: ledger.test.ts proves it',
  NOT_REVERSIBLE: 'likewise: ledger.test.ts proves it',
  UNKNOWN_ACCOUNT: 'every posting the API leads to names accounts the hub opened first',
  RISK_FUND_DATE_NOT_COVERED:
    'a deadline the working-day calendar does not reach yet is left unset, not refused (stepDeadline, risk-fund-claim-deadlines.service)',
  ROSTER_TOO_MANY_ERRORS: 'needs a file with over 100,000 bad rows, too slow for the suite; the limit is in common/tabular/stage-tabular-file.ts',
  ONE_CARD_TOO_MANY_ERRORS: 'likewise',
  VALIDATION_FAILED: 'the services check amounts, dates and actors before they post; ledger.test.ts proves the guard',
  PAYOUT_BATCH_NOT_FOUND:
    "only the worker's send meets it: approval is for a county's finance bureau, told FORBIDDEN for a batch it cannot see as for none (write matrix)",
};

describe('error codes', () => {
  it('are documented in docs/errors.md as the code has them (npm run docs:errors rewrites the table)', () => {
    const document = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
    expect(document).toContain(errorCodesTable());
  });

  it('each have a kind, a meaning in Chinese and in English, and an HTTP status', () => {
    for (const code of CODES) {
      const { kind, zh, en } = ERROR_CODES[code];
      expect({ code, zh: /\p{Script=Han}/u.test(zh), en: en.length > 10, status: httpStatusOf(code) >= 400 }).toEqual({
        code,
        zh: true,
        en: true,
        status: true,
      });
      expect(['BAD_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'UNAVAILABLE', 'UNAUTHENTICATED']).toContain(kind);
    }
  });

  it('each that a client can meet is asserted by a test through the public interfaces', () => {
    const dir = join(ROOT, 'test', 'integration');
    const tests = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const unreached = CODES.filter((code) => !NOT_CLIENT_FACING[code] && !tests.includes(`'${code}'`));
    expect(unreached).toEqual([]);
  });

  it('give an error its kind from the code, and the Chinese message of the code unless one is written', () => {
    const plain = new HubError('ROSTER_NOT_A_DRAFT', 'version 3 is published, not a draft', { field: 'id' });
    expect(plain).toMatchObject({
      code: 'ROSTER_NOT_A_DRAFT',
      kind: 'CONFLICT',
      field: 'id',
      zh: ERROR_CODES.ROSTER_NOT_A_DRAFT.zh,
      message: 'version 3 is published, not a draft',
    });
    expect(new HubError('UNKNOWN_BANK', 'bank X is not known', { zh: '银行 X 尚未登记' }).zh).toBe('银行 X 尚未登记');
  });
});
