/**
 * npm run banks -- <command> … : the operator's tool for what moves between the hub and the
 * banks, on the database in DATABASE_URL, through the same services as GraphQL and the worker
 * (actions recorded as cli:<user>): the bank registry (list, register, update, retire), the lists
 * delivered, the loan pulls, LPR fixings and rejected records.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { BankConnectorClient } from '../queues/src/bank-connector/bank-connector.client';
import { registryEndpoints } from '../queues/src/bank-connector/bank-endpoints';
import { pullLoanRecords } from '../queues/src/jobs/pull-loan-records';
import type { ListDeliveryStatus } from '../subgraphs/households/src/households.app';
import { recordBankDirectory } from '../queues/src/jobs/bank-directory-jobs';
import { shanghaiDate } from '../common/domain/calendar-date';
import { needed, operatorCaller, print, readCommandLine, runOperatorCli, UsageError, withSubgraphs } from './operator-cli';

const HELP = `usage: npm run banks -- <command> [options]   (npm run banks -- <command> --help: that command)

  list                           the registered banks (retired ones marked)
  register --code CODE --name 中文名 --name-en NAME [--card-prefixes P,P] [--counties C,C]
           [--connector-url URL] [--credential-ref NAME]
                                 register a bank
  update CODE [--name …] [--name-en …] [--card-prefixes P,P] [--counties C,C] [--connector-url URL|''] [--credential-ref NAME|'']
                                 change a bank's registration (what is not given stays; '' clears the connector fields)
  retire CODE [--reason TEXT]    retire a bank (refused while townships are still assigned to it)
  deliveries [--bank CODE] [--county CODE] [--status PENDING|SENT|ACKNOWLEDGED|FAILED] [--limit N]
                                 list beneficiary-list deliveries, oldest first
  replay DELIVERY_ID             put a parked (FAILED) delivery back in line (the worker sends it)
  snapshot --bank CODE --county CODE
                                 queue a full list of the bank's townships in the county
  resync --bank CODE [--from N]  after the bank lost its state (restored from backup, a simulator started empty): resend
                                 every delivery from the sequence it expects (N, or what its SEQUENCE_GAP said), then a full
                                 snapshot of each county it serves; forget the loan-feed cursor (the next pull reads from the start)
  plan                           turn due roster outbox events into deliveries now (the worker does this every LIST_DISPATCH_EVERY_MS)
  pull --bank CODE               pull the bank's loan records since the saved cursor, now, with progress
  lpr                            list the LPR fixings on record
  lpr-load FILE                  add LPR fixings from a CSV file: effective_date,one_year,five_year_plus
                                 (percent, as published: 2025-05-20,3.00,3.50); known dates must match
  rejections [--bank CODE] [--limit N]
                                 loan records the hub refused, newest first

  --as NAME   record actions as NAME (default: cli:<your user name>)
Needs DATABASE_URL; pull reaches the bank at its registered connector URL with the secret its
credentialRef names (an environment variable), else at BANK_CONNECTOR_URL_TEMPLATE with BANK_CONNECTOR_TOKEN.`;

const REGISTRATION_OPTIONS = `  --name 中文名          the bank's Chinese name (中国农业银行楚雄分行)
  --name-en NAME        its English name
  --card-prefixes P,P   the 一卡通 card number prefixes it issues (6-8 digits each), comma-separated
  --counties C,C        GB/T 2260 codes of the counties it serves, comma-separated
  --connector-url URL   its connector's base URL (http/https, no credentials or query)
  --credential-ref NAME the NAME of the secret the connector uses (an environment variable such as
                        ABC_CONNECTOR_TOKEN, or a secret store key such as vault:huinong/banks/abc), never the secret`;

/** Each command's own --help. */
const COMMAND_HELP: Record<string, string> = {
  list: 'usage: npm run banks -- list\n\nThe registered banks: code, names, card prefixes, counties, connector, and RETIRED for a retired one.',
  register: `usage: npm run banks -- register --code CODE --name 中文名 --name-en NAME [options]\n\nRegisters a bank (as an admin, recorded as --as).\n\n  --code CODE           2-16 of A-Z, 0-9, _ (the code tokens and the connector name it by)\n${REGISTRATION_OPTIONS}`,
  update: `usage: npm run banks -- update CODE [options]\n\nChanges a registered, active bank; what is not given stays as it is. A list given replaces the stored\none; --connector-url '' or --credential-ref '' clears it.\n\n${REGISTRATION_OPTIONS}`,
  retire:
    'usage: npm run banks -- retire CODE [--reason TEXT]\n\nRetires a bank: refused while townships are still assigned to it (reassign them first). Its code stays taken.',
  deliveries:
    'usage: npm run banks -- deliveries [--bank CODE] [--county CODE] [--status PENDING|SENT|ACKNOWLEDGED|FAILED] [--limit N]\n\nBeneficiary-list deliveries, oldest first.',
  replay: 'usage: npm run banks -- replay DELIVERY_ID\n\nPuts a parked (FAILED) delivery back in line; the worker sends it.',
  snapshot: "usage: npm run banks -- snapshot --bank CODE --county CODE\n\nQueues a full list of the bank's townships in the county.",
  resync:
    'usage: npm run banks -- resync --bank CODE [--from N]\n\nRe-establishes the list sequence and the loan-record feed with a bank that lost its state (a restore\nfrom backup, a simulator started empty), as a bank outage needs: every delivery from sequence N (what the\nbank expects next; by default the one its last SEQUENCE_GAP answer named) is put back in line with its own\nkey and content, in order (a bank applies n only after n - 1), and a full snapshot of each county the bank\nserves is queued after them; the saved loan-feed cursor is forgotten, so the next pull reads the feed from\nthe start (records already applied change nothing). The worker sends; npm run banks -- pull reads now.',
  plan: 'usage: npm run banks -- plan\n\nTurns due roster outbox events into deliveries now (the worker does this every LIST_DISPATCH_EVERY_MS).',
  pull: "usage: npm run banks -- pull --bank CODE\n\nPulls the bank's loan records since the saved cursor, now, with progress. The bank's registered connectorUrl and credentialRef (an environment variable), else BANK_CONNECTOR_URL_TEMPLATE and BANK_CONNECTOR_TOKEN.",
  lpr: 'usage: npm run banks -- lpr\n\nThe LPR fixings on record.',
  'lpr-load':
    'usage: npm run banks -- lpr-load FILE\n\nAdds LPR fixings from a CSV file: effective_date,one_year,five_year_plus (percent, as published:\n2025-05-20,3.00,3.50); known dates must match.',
  rejections: 'usage: npm run banks -- rejections [--bank CODE] [--limit N]\n\nLoan records the hub refused, newest first.',
};

/** A comma-separated option as a list ('' → empty list); undefined when not given. */
function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function parseLprCsv(text: string, fileName: string): { effectiveDate: string; oneYear: string; fiveYearPlus: string }[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const rows = /^[a-z_]/i.test(lines[0] ?? '') ? lines.slice(1) : lines;
  return rows.map((line, index) => {
    const cells = line.split(',').map((c) => c.trim());
    const where = `${fileName} row ${index + 2 - (rows === lines ? 1 : 0)}`;
    if (cells.length !== 3) throw new UsageError(`${where}: expected 3 columns (effective_date,one_year,five_year_plus), got ${cells.length}`);
    const [effectiveDate, oneYear, fiveYearPlus] = cells;
    for (const [name, value] of [
      ['one_year', oneYear],
      ['five_year_plus', fiveYearPlus],
    ] as const) {
      if (!/^\d{1,2}(\.\d{1,4})?$/.test(value)) throw new UsageError(`${where}: ${name} "${value}" is not a percentage such as 3.45`);
    }
    // Percent as published → fraction as stored, by shifting the decimal point (no float arithmetic).
    const toFraction = (percent: string) => {
      const [whole, fraction = ''] = percent.split('.');
      const digits = whole.padStart(2, '0') + fraction;
      return `0.${digits}`.replace(/0+$/, '').replace(/\.$/, '.0');
    };
    return { effectiveDate, oneYear: toFraction(oneYear), fiveYearPlus: toFraction(fiveYearPlus) };
  });
}

async function main(argv: string[]): Promise<number> {
  const { values, command, argument } = readCommandLine(
    argv,
    {
      bank: { type: 'string' },
      county: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      as: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      'name-en': { type: 'string' },
      'card-prefixes': { type: 'string' },
      counties: { type: 'string' },
      'connector-url': { type: 'string' },
      'credential-ref': { type: 'string' },
      reason: { type: 'string' },
      from: { type: 'string' },
    },
    (command) => (command && COMMAND_HELP[command] ? COMMAND_HELP[command] : HELP),
  );
  if (!COMMAND_HELP[command]) throw new UsageError(`unknown command "${command}"`);
  const caller = operatorCaller(values.as);
  const limit = values.limit ? Number(values.limit) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
  const need = (value: string | undefined, what: string) => needed(value, command, what);
  return withSubgraphs(['households', 'loans', 'funds'], async ({ households: householdsApp, loans: loansApp, funds: fundsApp }, config) => {
    // After a change of the registry: the households and funds sides' directories copied now (the worker's job would within seconds).
    const tellDirectories = async () => {
      const copied = await recordBankDirectory({ loans: loansApp, households: householdsApp, funds: fundsApp });
      print(`bank directories of households and funds up to registry revision ${copied.revision}`);
    };
    const { listDeliveries: deliveries } = householdsApp;
    const { policyData, ingest } = loansApp;
    const { banks } = loansApp;
    const showBank = (b: Awaited<ReturnType<typeof banks.all>>[number]) =>
      `${b.code.padEnd(8)} ${b.retiredAt ? 'RETIRED ' : 'active  '} ${b.name}  ${b.nameEn ?? ''}  cards ${b.cardPrefixes.join(',') || '-'}  counties ${b.countyCodes.join(',') || '-'}  connector ${b.connectorUrl ?? '(template)'}${b.credentialRef ? ` (${b.credentialRef})` : ''}`;
    switch (command) {
      case 'list':
        for (const b of await banks.all()) print(showBank(b));
        return 0;
      case 'register': {
        const bank = await banks.register(caller, {
          code: need(values.code, '--code'),
          name: need(values.name, '--name'),
          nameEn: need(values['name-en'], '--name-en'),
          cardPrefixes: listOption(values['card-prefixes']) ?? [],
          countyCodes: listOption(values.counties) ?? [],
          connectorUrl: values['connector-url'] ?? null,
          credentialRef: values['credential-ref'] ?? null,
        });
        print(`registered ${showBank(bank)}`);
        await tellDirectories();
        return 0;
      }
      case 'update': {
        const clearable = (value: string | undefined) => (value === undefined ? undefined : value === '' ? null : value);
        const bank = await banks.update(caller, need(argument, 'a bank code'), {
          name: values.name,
          nameEn: values['name-en'],
          cardPrefixes: listOption(values['card-prefixes']),
          countyCodes: listOption(values.counties),
          connectorUrl: clearable(values['connector-url']),
          credentialRef: clearable(values['credential-ref']),
        });
        print(`updated ${showBank(bank)}`);
        await tellDirectories();
        return 0;
      }
      case 'retire': {
        const bank = await banks.retire(caller, need(argument, 'a bank code'), values.reason ?? null);
        print(`retired ${bank.code} (${bank.name})`);
        await tellDirectories();
        return 0;
      }
      case 'deliveries': {
        const rows = await deliveries.list(
          caller,
          { bankCode: values.bank, countyCode: values.county, status: values.status as ListDeliveryStatus | undefined },
          limit,
          null,
        );
        print('bank      seq  kind      county  status        upserts removals attempts  last error');
        for (const d of rows.slice(0, limit)) {
          print(
            `${d.bankCode.padEnd(8)} ${String(d.sequence).padStart(4)}  ${d.kind.padEnd(8)}  ${d.countyCode}  ${d.status.padEnd(12)}  ${String(d.upsertCount).padStart(7)} ${String(d.removalCount).padStart(8)} ${String(d.attempts).padStart(8)}  ${d.lastError ?? ''}  ${d.id}`,
          );
        }
        return 0;
      }
      case 'replay': {
        const delivery = await deliveries.replay(caller, need(argument, 'a delivery id'));
        print(`delivery ${delivery.sequence} to ${delivery.bankCode} is back in line; the worker sends it on its next round`);
        return 0;
      }
      case 'snapshot':
        await deliveries.requestSnapshot(caller, need(values.bank, '--bank'), need(values.county, '--county'));
        print(`snapshot of ${values.bank}'s list in ${values.county} requested; the worker plans and sends it`);
        return 0;
      case 'resync': {
        const bank = need(values.bank, '--bank');
        const from = values.from === undefined ? undefined : Number(values.from);
        if (from !== undefined && !(Number.isInteger(from) && from >= 1)) throw new UsageError('--from must be a sequence number (1, 2, …)');
        const result = await deliveries.resync(caller, bank, from);
        const forgotten = await ingest.forgetPullCursor(bank);
        print(
          `${bank}: ${result.resent} deliveries put back in line from sequence ${result.fromSequence} (of ${result.lastSequence}); the worker resends them in order`,
        );
        print(
          `${bank}: full snapshot requested for ${result.snapshotCounties.join(', ') || 'no county (no township is assigned to the bank today)'}; planned after them`,
        );
        print(
          `${bank}: ${forgotten ? `loan-feed cursor forgotten (${forgotten.recordsRead.toLocaleString()} records had been read)` : 'no loan-feed cursor was saved'}; the next pull reads the feed from the start`,
        );
        return 0;
      }
      case 'plan': {
        const planned = await householdsApp.listDeliveryPlanner.planPending(shanghaiDate(new Date()));
        for (const event of planned)
          print(
            `event ${event.eventId} (${event.eventType}, ${event.countyCode}): ${event.deliveries.map((d) => `${d.bankCode}#${d.sequence} +${d.upserts}/-${d.removals}`).join(', ') || 'no bank affected'}`,
          );
        print(`${planned.length} event(s) planned`);
        return 0;
      }
      case 'pull': {
        const bank = need(values.bank, '--bank');
        // Where the registry says (its connectorUrl and credentialRef), else BANK_CONNECTOR_URL_TEMPLATE and BANK_CONNECTOR_TOKEN.
        const connector = new BankConnectorClient({
          endpoints: registryEndpoints(banks, { urlTemplate: config.banks.connectorUrlTemplate, token: config.banks.connectorToken }),
          timeoutMs: config.banks.timeoutMs,
        });
        const reach = await connector.resolve(bank);
        if (!reach.ok) throw new UsageError(reach.reason);
        const started = Date.now();
        const totals = await pullLoanRecords(bank, { connector, ingest, pageSize: config.banks.loanPullPageSize }, (t) => {
          process.stderr.write(
            `\r${t.pages} page(s), ${t.received.toLocaleString()} records: ${t.applied} applied, ${t.duplicates} already known, ${t.rejected} rejected`,
          );
        });
        process.stderr.write('\n');
        print(
          `${bank}: ${totals.received} records in ${totals.pages} page(s), ${((Date.now() - started) / 1000).toFixed(1)} s${totals.rejected ? `; rejected: ${totals.rejectionCodes.join(', ')} (npm run banks -- rejections --bank ${bank})` : ''}`,
        );
        return 0;
      }
      case 'lpr':
        for (const f of await policyData.fixings())
          print(`${f.effectiveDate}  1Y ${f.oneYear.times(100).toFixed(2)}%  5Y+ ${f.fiveYearPlus.times(100).toFixed(2)}%  (${f.source})`);
        return 0;
      case 'lpr-load': {
        const file = need(argument, 'a CSV file');
        const result = await policyData.recordFixings(parseLprCsv(readFileSync(file, 'utf8'), file), `file:${file}`, caller.subject);
        print(`${result.added} fixing(s) added, ${result.unchanged} already on record`);
        return 0;
      }
      case 'rejections': {
        for (const r of await loansApp.rejections.list(values.bank ?? null, limit, null)) {
          print(
            `${r.receivedAt.toISOString()}  ${r.bankCode}  ${r.contractNo || '(no contract no.)'} v${r.recordVersion}  ${r.code}  ${r.field ?? ''}  ${r.message}`,
          );
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  });
}

if (require.main === module) runOperatorCli(main);
