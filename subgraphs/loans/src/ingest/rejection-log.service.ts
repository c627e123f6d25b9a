import type { DataSource } from 'typeorm';
import { LoanRecordRejectionRecord } from './loan-record-rejection.entity';

/** The log of loan records the hub refused, newest first (for the bank that sent them and for operators). */
export class RejectionLogService {
  constructor(private readonly dataSource: DataSource) {}

  /** `bankCode` null: every bank's. Keyset on the id: `beforeId` continues a listing. */
  list(bankCode: string | null, size: number, beforeId: string | null): Promise<LoanRecordRejectionRecord[]> {
    const query = this.dataSource.getRepository(LoanRecordRejectionRecord).createQueryBuilder('r').where('TRUE');
    if (bankCode) query.andWhere('r.bankCode = :bankCode', { bankCode });
    if (beforeId) query.andWhere('r.id < :beforeId', { beforeId });
    return query.orderBy('r.id', 'DESC').limit(size).getMany();
  }
}
