/**
 * The bank registry: an admin registers, updates and retires the banks the hub works with
 * (GraphQL, `npm run banks`, and the demo loader all come here). Every change is written with
 * who made it (bank_changes). Retiring is refused while townships are still assigned to the bank,
 * as this subgraph knows them: the open periods of the bank's delivered list (bank_list_members,
 * fed by the record-delivered-list job) — the households tables are never read.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { forbidden, HubError } from '../../../../common/errors/hub-error';
import { BankChangeRecord, type BankChangeAction } from './bank-change.entity';
import { BankRecord } from './bank.entity';
import type { BankDirectoryEntry } from '../../../../contracts/bank-registry/bank-directory-entry';
import { checkBankCode, checkChanges, checkRegistration, prefixesClash, type BankChanges, type BankRegistration } from './domain/bank-registration';

export type { BankChanges, BankRegistration } from './domain/bank-registration';

export interface BankListFilter {
  search: string | null;
  countyCode: string | null;
  retired: boolean | null;
}

const REGISTRY_LOCK = 'huinong-bank-registry';
const FIELDS = ['name', 'nameEn', 'cardPrefixes', 'connectorUrl', 'credentialRef', 'countyCodes'] as const;

function assertAdmin(caller: Caller, what: string): void {
  if (caller.role !== 'admin') throw forbidden(`only an admin ${what} banks`);
}

/** Told after a change of the registry committed (queues record-bank-directory); its failure is the scheduler's to make up for. */
export type BankRegistryChanged = (bankCode: string, revision: string) => Promise<void>;

/** Bank names and codes are not personal data: every role may read them (connector details are the resolver's to hide). */
export class BankService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changed: BankRegistryChanged = async () => undefined,
  ) {}

  /**
   * The banks changed after registry revision `after`, oldest change first, as the households and
   * funds sides' directories copy them (the record-bank-directory job). Revisions are taken under
   * the registry lock, so they commit in order: a reader that has seen revision n has seen all before it.
   */
  async directoryAfter(after: string, limit = 500): Promise<BankDirectoryEntry[]> {
    const rows = await this.dataSource
      .getRepository(BankRecord)
      .createQueryBuilder('b')
      .where('b.revision > :after', { after })
      .orderBy('b.revision', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((b) => ({
      code: b.code,
      name: b.name,
      nameEn: b.nameEn,
      cardPrefixes: b.cardPrefixes,
      countyCodes: b.countyCodes,
      retired: b.retiredAt !== null,
      revision: b.revision,
    }));
  }

  async all(): Promise<BankRecord[]> {
    return this.dataSource.getRepository(BankRecord).find({ order: { code: 'ASC' } });
  }

  /**
   * A page of the registry in code order (after the code `after`), narrowed by a search over code
   * and names, a county it serves and whether it is retired; `limit` rows, the caller asks one more.
   */
  async page(filter: BankListFilter, limit: number, after: string | null): Promise<BankRecord[]> {
    const query = this.dataSource.getRepository(BankRecord).createQueryBuilder('b').orderBy('b.code', 'ASC').limit(limit);
    if (after !== null) query.andWhere('b.code > :after', { after });
    if (filter.search) {
      // LIKE's own characters in the search are taken literally.
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere("(b.code ILIKE :pattern OR b.name ILIKE :pattern OR coalesce(b.nameEn, '') ILIKE :pattern)", { pattern });
    }
    if (filter.countyCode) query.andWhere(':county = ANY(b.countyCodes)', { county: filter.countyCode });
    if (filter.retired === true) query.andWhere('b.retiredAt IS NOT NULL');
    if (filter.retired === false) query.andWhere('b.retiredAt IS NULL');
    return query.getMany();
  }

  async findByCodes(codes: readonly string[]): Promise<BankRecord[]> {
    return this.dataSource
      .getRepository(BankRecord)
      .createQueryBuilder('b')
      .where('b.code = ANY(:codes)', { codes: [...codes] })
      .getMany();
  }

  /** The registry's audit trail of these banks, oldest first. */
  async changesOf(codes: readonly string[]): Promise<BankChangeRecord[]> {
    return this.dataSource
      .getRepository(BankChangeRecord)
      .createQueryBuilder('c')
      .where('c.bankCode = ANY(:codes)', { codes: [...codes] })
      .orderBy('c.id', 'ASC')
      .getMany();
  }

  async register(caller: Caller, input: BankRegistration): Promise<BankRecord> {
    assertAdmin(caller, 'registers');
    const bank = checkRegistration(input);
    return this.dataSource
      .transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REGISTRY_LOCK]);
        const repository = manager.getRepository(BankRecord);
        const existing = await repository.findOneBy({ code: bank.code });
        // A retired code stays taken: tokens, lists and loans already name it.
        if (existing)
          throw new HubError('BANK_ALREADY_REGISTERED', `bank ${bank.code} is registered already${existing.retiredAt ? ' (retired)' : ''}: update it instead`, {
            field: 'code',
          });
        await this.assertPrefixesFree(manager, bank.code, bank.cardPrefixes);
        const now = new Date();
        const saved = await repository.save(
          repository.create({ ...bank, registeredAt: now, registeredBy: caller.subject, updatedAt: null, updatedBy: null, retiredAt: null, retiredBy: null }),
        );
        await this.audit(manager, bank.code, 'REGISTERED', caller.subject, Object.fromEntries(FIELDS.map((f) => [f, { from: null, to: bank[f] }])));
        saved.revision = await this.revise(manager, bank.code);
        return saved;
      })
      .then((saved) => this.told(saved));
  }

  /** The demo's path (npm start, tests, benchmarks): registers the bank unless its code is known; a known bank is left as it is. */
  async ensureRegistered(caller: Caller, input: BankRegistration): Promise<'registered' | 'known'> {
    assertAdmin(caller, 'registers');
    if (await this.dataSource.getRepository(BankRecord).existsBy({ code: checkBankCode(input.code) })) return 'known';
    try {
      await this.register(caller, input);
      return 'registered';
    } catch (error) {
      // Two loaders at once (a test hub's and the launcher's): the other registered it first.
      if (error instanceof HubError && error.code === 'BANK_ALREADY_REGISTERED') return 'known';
      throw error;
    }
  }

  async update(caller: Caller, code: string, changes: BankChanges): Promise<BankRecord> {
    assertAdmin(caller, 'updates');
    const checked = checkChanges(changes);
    return this.dataSource
      .transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REGISTRY_LOCK]);
        const bank = await this.current(manager, code);
        if (checked.cardPrefixes) await this.assertPrefixesFree(manager, bank.code, checked.cardPrefixes);
        const changed = Object.fromEntries(
          FIELDS.filter((f) => checked[f] !== undefined && JSON.stringify(checked[f]) !== JSON.stringify(bank[f])).map((f) => [
            f,
            { from: bank[f], to: checked[f] },
          ]),
        );
        if (Object.keys(changed).length === 0) return { saved: bank, revised: false };
        Object.assign(bank, Object.fromEntries(Object.entries(changed).map(([f, c]) => [f, c.to])), { updatedAt: new Date(), updatedBy: caller.subject });
        const saved = await manager.getRepository(BankRecord).save(bank);
        await this.audit(manager, bank.code, 'UPDATED', caller.subject, changed);
        saved.revision = await this.revise(manager, bank.code);
        return { saved, revised: true };
      })
      .then(({ saved, revised }) => (revised ? this.told(saved) : saved));
  }

  async retire(caller: Caller, code: string, reason: string | null): Promise<BankRecord> {
    assertAdmin(caller, 'retires');
    if (reason !== null && reason.length > 500) throw new HubError('BAD_USER_INPUT', 'reason is longer than 500 characters', { field: 'reason' });
    return this.dataSource
      .transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REGISTRY_LOCK]);
        const bank = await this.current(manager, code);
        // The bank's list is recorded under this lock too (bank-list.service.ts): no delivery slips in between.
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-bank-list-${bank.code}`]);
        const townships: { township_code: string }[] = await manager.query(
          `SELECT DISTINCT township_code FROM loans.bank_list_members WHERE bank_code = $1 AND listed_to IS NULL ORDER BY township_code LIMIT 11`,
          [bank.code],
        );
        if (townships.length > 0) {
          const shown =
            townships
              .slice(0, 10)
              .map((t) => t.township_code)
              .join(', ') + (townships.length > 10 ? ', …' : '');
          throw new HubError('BANK_HAS_TOWNSHIPS', `bank ${bank.code} still has townships assigned (${shown}): assign them to another bank first`, {
            field: 'code',
            zh: `银行 ${bank.code} 仍承贷乡镇（${shown}），请先将其改由其他银行承贷`,
          });
        }
        bank.retiredAt = new Date();
        bank.retiredBy = caller.subject;
        const saved = await manager.getRepository(BankRecord).save(bank);
        await this.audit(manager, bank.code, 'RETIRED', caller.subject, { retired: { from: false, to: true } }, reason);
        saved.revision = await this.revise(manager, bank.code);
        return saved;
      })
      .then((saved) => this.told(saved));
  }

  /** The bank's next registry revision, in the transaction of its change (the registry lock is held: revisions commit in order). */
  private async revise(manager: EntityManager, code: string): Promise<string> {
    const [row] = await manager.query(
      `UPDATE loans.banks SET revision = nextval('loans.bank_registry_revision') WHERE code = $1 RETURNING revision::text AS revision`,
      [code],
    );
    return row.revision;
  }

  private async told(bank: BankRecord): Promise<BankRecord> {
    await this.changed(bank.code, bank.revision).catch(() => undefined);
    return bank;
  }

  /** The bank, registered and not retired. */
  private async current(manager: EntityManager, code: string): Promise<BankRecord> {
    const bank = await manager.getRepository(BankRecord).findOneBy({ code: checkBankCode(code) });
    if (!bank) throw new HubError('BANK_NOT_FOUND', `no bank ${code} is registered`, { field: 'code' });
    if (bank.retiredAt) throw new HubError('BANK_RETIRED', `bank ${code} was retired on ${bank.retiredAt.toISOString().slice(0, 10)}`, { field: 'code' });
    return bank;
  }

  /** A card number must name one issuer: no prefix may overlap one a bank still active issues. */
  private async assertPrefixesFree(manager: EntityManager, code: string, prefixes: string[]): Promise<void> {
    if (prefixes.length === 0) return;
    const others: { code: string; card_prefixes: string[] }[] = await manager.query(
      `SELECT code, card_prefixes FROM loans.banks WHERE code <> $1 AND retired_at IS NULL AND cardinality(card_prefixes) > 0`,
      [code],
    );
    for (const [index, prefix] of prefixes.entries()) {
      const holder = others.find((o) => o.card_prefixes.some((p) => prefixesClash(prefix, p)));
      if (holder)
        throw new HubError('BANK_CARD_PREFIX_TAKEN', `card prefix ${prefix} overlaps a prefix bank ${holder.code} issues`, { field: `cardPrefixes[${index}]` });
    }
  }

  private async audit(
    manager: EntityManager,
    bankCode: string,
    action: BankChangeAction,
    actor: string,
    changes: BankChangeRecord['changes'],
    reason: string | null = null,
  ): Promise<void> {
    const repository = manager.getRepository(BankChangeRecord);
    await repository.save(repository.create({ bankCode, action, actor, changes, reason }));
  }
}
