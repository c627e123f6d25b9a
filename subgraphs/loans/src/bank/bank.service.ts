import type { DataSource } from 'typeorm';
import { BankRecord } from './bank.entity';
import type { Bank } from './bank.type';

/** Bank names and codes are not personal data: every role may read them. */
export class BankService {
  constructor(private readonly dataSource: DataSource) {}

  async all(): Promise<Bank[]> {
    return this.dataSource.getRepository(BankRecord).find({ order: { code: 'ASC' } });
  }

  async findByCodes(codes: readonly string[]): Promise<Bank[]> {
    return this.dataSource.getRepository(BankRecord).createQueryBuilder('b').where('b.code = ANY(:codes)', { codes: [...codes] }).getMany();
  }
}
