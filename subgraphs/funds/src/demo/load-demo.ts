/** Writes demo 一卡通 accounts and fund accounts into this subgraph's own tables. Idempotent. */
import type { DataSource } from 'typeorm';
import type { PiiProtector } from '../../../../common/pii/protector';
import { isValidLuhn } from '../domain/luhn';
import { FundAccountKind } from '../fund-account/fund-account-kind';
import { FundAccountRecord } from '../fund-account/fund-account.entity';
import { OneCardAccountStatus } from '../one-card-account/account-status';
import { OneCardAccountRecord } from '../one-card-account/one-card-account.entity';

export interface DemoFundsInput {
  accounts: { householdId: string; countyCode: string; issuingBankCode: string; accountNumber: string; holderName: string }[];
  fundAccounts: { countyCode: string; bankCode: string; openedOn: string }[];
}

export async function loadDemoFunds(dataSource: DataSource, pii: PiiProtector, input: DemoFundsInput): Promise<{ accounts: number }> {
  return dataSource.transaction(async (manager) => {
    const rows = input.accounts.map((a) => {
      if (!isValidLuhn(a.accountNumber)) throw new Error(`demo account of household ${a.householdId} fails the Luhn check`);
      const number = pii.seal(a.accountNumber);
      return {
        householdId: a.householdId,
        countyCode: a.countyCode,
        issuingBankCode: a.issuingBankCode,
        accountNumberSealed: number.ciphertext,
        accountNumberHash: pii.hash(a.accountNumber),
        holderNameSealed: pii.seal(a.holderName).ciphertext,
        piiKeyId: number.keyId,
        status: OneCardAccountStatus.ACTIVE,
      };
    });
    const result = rows.length ? await manager.createQueryBuilder().insert().into(OneCardAccountRecord).values(rows).orIgnore().execute() : { raw: [] };
    const funds = input.fundAccounts.map((f) => ({ ...f, kind: FundAccountKind.RISK_COMPENSATION }));
    await manager.createQueryBuilder().insert().into(FundAccountRecord).values(funds).orIgnore().execute();
    return { accounts: (result.raw as unknown[]).length };
  });
}
