/** Writes demo 一卡通 accounts and fund accounts into this subgraph's own tables, and records the demo's subsidy budgets. Idempotent. */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import type { PiiProtector } from '../../../../common/pii/protector';
import { isValidLuhn } from '../domain/luhn';
import { FundAccountKind } from '../fund-account/fund-account-kind';
import { FundAccountRecord } from '../fund-account/fund-account.entity';
import { OneCardAccountStatus } from '../one-card-account/account-status';
import { OneCardAccountRecord } from '../one-card-account/one-card-account.entity';
import type { SubsidyBudgetService } from '../subsidy-budget/subsidy-budget.service';

export interface DemoFundsInput {
  accounts: { householdId: string; countyCode: string; issuingBankCode: string; accountNumber: string; holderName: string }[];
  fundAccounts: { countyCode: string; bankCode: string; openedOn: string }[];
  /** The finance bureau's budget allocations, recorded as it would (posted on the ledger, once per reference). */
  subsidyBudgets?: { countyCode: string; year: number; amount: string; effectiveDate: string; reference: string }[];
}

/** The demo's finance bureau, recording its budget. */
const DEMO_FINANCE: Caller = { subject: 'demo-finance', role: 'admin', counties: [], bank: null };

export async function loadDemoFunds(
  dataSource: DataSource,
  pii: PiiProtector,
  budgets: SubsidyBudgetService,
  input: DemoFundsInput,
): Promise<{ accounts: number }> {
  const loaded = await dataSource.transaction(async (manager) => {
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
  for (const budget of input.subsidyBudgets ?? []) await budgets.record(DEMO_FINANCE, budget);
  return loaded;
}
