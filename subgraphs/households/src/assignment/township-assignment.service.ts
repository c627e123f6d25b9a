/**
 * 分片包干: one responsible bank per township on any date, with history. A reassignment
 * closes the current period at its effective date, opens the new bank's, and — in the same
 * transaction — writes an outbox event so the new bank receives the township's full list.
 * The bank must be one the registry has (as the households side's bank directory copies it:
 * record-bank-directory), not retired, and serving the township's county.
 */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { BANK_CODE, TOWNSHIP_CODE } from '../../../../common/codes';
import { isIsoDate } from '../../../../common/domain/calendar-date';
import { appendOutboxEvent } from '../outbox/append-outbox-event';
import { RegionRecord } from '../region/region.entity';
import { assertCountyReader, assertCountyWriter, RosterError } from '../roster/roster-access';
import { TownshipAssignmentRecord } from './township-assignment.entity';
import type { BankDirectoryService } from '../bank-directory/bank-directory.service';
import { assignableBankProblem } from './assignable-bank';

export class TownshipAssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bankDirectory: BankDirectoryService,
  ) {}

  async assign(caller: Caller, townshipCode: string, bankCode: string, effectiveFrom: string): Promise<TownshipAssignmentRecord> {
    if (!TOWNSHIP_CODE.test(townshipCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${townshipCode}" is not a 9-digit township code`, 'townshipCode');
    // Who may assign is decided before anything is read: a township's code begins with its county's.
    assertCountyWriter(caller, townshipCode.slice(0, 6));
    if (!BANK_CODE.test(bankCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${bankCode}" is not a bank code`, 'bankCode');
    // isIsoDate, not Date.parse: that lets 2025-02-30 through (as 2 March), and PostgreSQL then refuses it, or year 0000.
    if (!isIsoDate(effectiveFrom))
      throw new RosterError(
        'ROSTER_BAD_REQUEST',
        `effectiveFrom "${effectiveFrom}" is not a day that exists, as YYYY-MM-DD (years 1000-9999)`,
        'effectiveFrom',
      );
    const township = await this.dataSource.getRepository(RegionRecord).findOneBy({ code: townshipCode, level: 'township' });
    if (!township) throw new RosterError('ROSTER_BAD_REQUEST', `township ${townshipCode} is not in the region directory`, 'townshipCode');
    assertCountyWriter(caller, township.countyCode);
    const problem = assignableBankProblem(bankCode, await this.bankDirectory.find(bankCode), township.countyCode);
    if (problem) throw new RosterError(problem.code, problem.message, 'bankCode');

    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-township-${townshipCode}`]);
      const repository = manager.getRepository(TownshipAssignmentRecord);
      const later = await repository
        .createQueryBuilder('a')
        .where('a.townshipCode = :townshipCode AND a.effectiveFrom >= :effectiveFrom', { townshipCode, effectiveFrom })
        .getOne();
      if (later) {
        throw new RosterError(
          'ROSTER_ASSIGNMENT_CONFLICT',
          `township ${townshipCode} already has an assignment from ${later.effectiveFrom} (${later.bankCode}); a reassignment must start after it`,
        );
      }
      const current = await repository
        .createQueryBuilder('a')
        .where('a.townshipCode = :townshipCode AND a.effectiveFrom < :effectiveFrom AND (a.effectiveTo IS NULL OR a.effectiveTo > :effectiveFrom)', {
          townshipCode,
          effectiveFrom,
        })
        .getOne();
      if (current?.bankCode === bankCode) throw new RosterError('ROSTER_ASSIGNMENT_CONFLICT', `township ${townshipCode} is already assigned to ${bankCode}`);
      if (current) await repository.update({ id: current.id }, { effectiveTo: effectiveFrom });
      const created = await repository.save(repository.create({ townshipCode, bankCode, effectiveFrom }));
      await appendOutboxEvent(manager, 'township.reassigned', township.countyCode, {
        townshipCode,
        bankCode,
        previousBankCode: current?.bankCode ?? null,
        effectiveFrom,
        fullSnapshot: true,
        assignedBy: caller.subject,
      });
      return created;
    });
  }

  /** Every township's assignments in a county, by township then oldest first: one query for the 分片包干 page. */
  async countyHistory(caller: Caller, countyCode: string): Promise<TownshipAssignmentRecord[]> {
    if (caller.role !== 'bank') assertCountyReader(caller, countyCode);
    const rows = await this.dataSource
      .getRepository(TownshipAssignmentRecord)
      .createQueryBuilder('a')
      .where('a.townshipCode LIKE :prefix', { prefix: `${countyCode}___` })
      .orderBy('a.townshipCode', 'ASC')
      .addOrderBy('a.effectiveFrom', 'ASC')
      .getMany();
    return caller.role === 'bank' ? rows.filter((r) => r.bankCode === caller.bank) : rows;
  }

  /** The township's assignments, oldest first. */
  async history(caller: Caller, townshipCode: string): Promise<TownshipAssignmentRecord[]> {
    const township = await this.dataSource.getRepository(RegionRecord).findOneBy({ code: townshipCode, level: 'township' });
    if (!township) return [];
    if (caller.role !== 'bank') assertCountyReader(caller, township.countyCode);
    const rows = await this.dataSource.getRepository(TownshipAssignmentRecord).find({ where: { townshipCode }, order: { effectiveFrom: 'ASC' } });
    // A bank sees the periods it was responsible for, not its competitors'.
    return caller.role === 'bank' ? rows.filter((r) => r.bankCode === caller.bank) : rows;
  }
}
