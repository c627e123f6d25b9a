/**
 * Registers banks through the registry (the loans app, as the demo loader does) and runs the
 * record-bank-directory job's copy at once, so the households and funds sides know them (a test
 * hub has no worker; the job would within 5 s).
 */
import { DEMO_BANKS } from '../../demo/demo-county';
import type { HubApps } from '../../demo/test-hub';
import { recordBankDirectory } from '../../queues/src/jobs/bank-directory-jobs';
import type { DemoLoansInput } from '../../subgraphs/loans/src/loans.app';

export async function registerBanks(apps: HubApps, banks: DemoLoansInput['banks'] = DEMO_BANKS): Promise<void> {
  await apps.loans.loadDemo({ banks, listed: [], loans: [] });
  await recordBankDirectory(apps);
}

/** The copy alone (after a registerBank/updateBank/retireBank through GraphQL). */
export const syncBankDirectory = (apps: HubApps) => recordBankDirectory(apps);
