/**
 * What the suites that upload a 一卡通 file share: a test hub whose demo county has 3 households
 * known to the funds side (their directory entries recorded) and the banks registered, and the
 * file's lines giving each household an account.
 */
import type { buildDemoCounty } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { loadKnownDemoHouseholds } from './household-directory';
import { oneCard, type OneCardLine } from './one-card-files';

export type OneCardDemo = ReturnType<typeof buildDemoCounty>;

export async function startOneCardHub(overrides: Record<string, string>): Promise<{ hub: TestHub; demo: OneCardDemo }> {
  const hub = await startTestHub(overrides);
  const { demo } = await loadKnownDemoHouseholds(hub, 3);
  return { hub, demo };
}

/** A 一卡通 file's lines: an open YNRCC account per household, numbered from `firstCard`. */
export function accountLines(demo: OneCardDemo, firstCard: number): OneCardLine[] {
  return demo.households.map((h, i) => ({
    holderName: h.headName,
    idNumber: h.idNumber,
    accountNumber: oneCard(firstCard + i),
    issuingBank: 'YNRCC',
    status: '正常',
    county: '楚雄市',
  }));
}
