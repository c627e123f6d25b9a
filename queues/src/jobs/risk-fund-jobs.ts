/**
 * Risk-compensation funds, daily (03:00 Asia/Shanghai):
 *
 *   assess-risk-funds   loans side: outstanding and NPL balances per county and bank (one statement)
 *                       → funds side: leverage against the fund, top-up due and its deadline, the
 *                         NPL trigger and pause signal, under each county's rules; stored per day;
 *                         the county's finance bureau told of each breach, trigger or pause, once a
 *                         day, and of each claim step past its working-day deadline, once.
 *
 *   verify-risk-fund-claims (every minute)  each FILED claim: the loans side's facts on its contracts
 *                       (status, amounts, flags) → funds side: every line checked and computed
 *                       under the rules in force; the claim VERIFIED (or REJECTED without rules);
 *                       then the loans of PAID claims → loans side: off the balance (compensated);
 *                       and any recovery's ledger entry a crash lost is posted.
 *
 *   assess-lending-rewards (every minute)  each DECLARED reward: the loans side's figures for its
 *                       year (new lending, principal due and repaid by maturity, overdue loans; one
 *                       statement per year) → funds side: eligibility and the ceiling (004 第十三条).
 *
 * Only aggregates and the claimed contracts' figures pass between the sides, through these jobs.
 */
import type { Logger } from '../../../common/logger';
import { retryOf } from '../../../common/queue/job-options';
import { JOBS } from '../../../common/queue/names';
import { formatQuarter, quarterOfDate, type AssessmentAlert, type FundsApp } from '../../../subgraphs/funds/src/funds.app';
import type { LoansApp } from '../../../subgraphs/loans/src/loans.app';
import type { JobSet } from '../job-set';
import { shanghaiDate } from '../../../common/domain/calendar-date';

export interface RiskFundJobDependencies {
  logger: Logger;
  loans: LoansApp;
  funds: FundsApp;
}

const quarterOf = (date: string) => formatQuarter(quarterOfDate(date));

function alertText(alert: AssessmentAlert): { zh: string; en: string } {
  const r = alert.record;
  const at = `${alert.bankCode}（${r.assessedOn}）`;
  switch (alert.kind) {
    case 'LEVERAGE_BREACH':
      return {
        zh: `风险补偿金放大倍数超限：${at} 贷款余额 ${r.loanBalance.toFixed(2)} 元，超过上限 ${r.lendingLimit.toFixed(2)} 元；应于 ${r.topUpDeadline} 前补足 ${r.topUpDue.toFixed(2)} 元`,
        en: `Lending beyond the fund: ${alert.bankCode} on ${r.assessedOn} has ${r.loanBalance.toFixed(2)} outstanding, above the limit ${r.lendingLimit.toFixed(2)}; top up ${r.topUpDue.toFixed(2)} by ${r.topUpDeadline}`,
      };
    case 'TOP_UP_OVERDUE':
      return {
        zh: `风险补偿金补足已逾期：${at} 贷款余额 ${r.loanBalance.toFixed(2)} 元，超过上限 ${r.lendingLimit.toFixed(2)} 元（自 ${r.breachSince} 起）；应于 ${r.topUpDeadline} 前补足，尚差 ${r.topUpDue.toFixed(2)} 元`,
        en: `Top-up overdue: ${alert.bankCode} on ${r.assessedOn} has ${r.loanBalance.toFixed(2)} outstanding, above the limit ${r.lendingLimit.toFixed(2)} since ${r.breachSince}; ${r.topUpDue.toFixed(2)} was due by ${r.topUpDeadline}`,
      };
    case 'NPL_TRIGGER':
      return {
        zh: `不良率达到风险补偿启动条件：${at} 不良率 ${r.nplRate.times(100).toFixed(2)}%`,
        en: `NPL rate reached the compensation trigger: ${alert.bankCode} on ${r.assessedOn} at ${r.nplRate.times(100).toFixed(2)}%`,
      };
    case 'PAUSE_LENDING':
      return {
        zh: `不良率高出年度目标超过规定幅度，银行可暂停放贷：${at} 不良率 ${r.nplRate.times(100).toFixed(2)}%，年度目标 ${r.nplTarget!.times(100).toFixed(2)}%`,
        en: `NPL above the bank's target plus the margin, the bank may pause lending: ${alert.bankCode} on ${r.assessedOn} at ${r.nplRate.times(100).toFixed(2)}% against its target ${r.nplTarget!.times(100).toFixed(2)}%`,
      };
  }
}

/** Assesses every county and bank on the day (used by the job and the tests); safe to run again the same day. */
export async function assessRiskFunds(deps: { loans: LoansApp; funds: FundsApp }, assessedOn: string) {
  const positions = await deps.loans.portfolio.positions();
  const result = await deps.funds.riskFundAssessments.assess(positions, assessedOn);
  const notices = deps.funds.notices;
  for (const alert of result.alerts) {
    await notices.notify({
      key: `risk-fund-${alert.kind.toLowerCase()}-${alert.countyCode}-${alert.bankCode}-${assessedOn}`,
      countyCode: alert.countyCode,
      quarter: quarterOf(assessedOn),
      kind: 'RISK_FUND_ALERT',
      ...alertText(alert),
    });
  }
  // Deadlines a year's holiday arrangement was missing for, computed once an admin has recorded it.
  const claims = deps.funds.riskFundClaims;
  const deadlines = await claims.fillMissingDeadlines();
  // Claims waiting past a working-day deadline: the county is told once per claim and step.
  for (const { claim, step, due } of await claims.overdueSteps(assessedOn)) {
    const what = step === 'TOWNSHIP_REVIEW' ? { zh: '乡镇初审', en: 'township review' } : { zh: '补偿确认', en: 'confirmation' };
    await notices.notify({
      key: `risk-fund-claim-overdue-${claim.id}-${step.toLowerCase()}`,
      countyCode: claim.countyCode,
      quarter: quarterOf(assessedOn),
      kind: 'RISK_FUND_ALERT',
      zh: `风险补偿申请${what.zh}已逾期：${claim.bankCode} ${claim.quarter} 申请应于 ${due} 前完成`,
      en: `Risk-fund claim ${what.en} overdue: ${claim.bankCode}'s ${claim.quarter} claim was due by ${due}`,
    });
  }
  return { ...result, deadlines };
}

/**
 * Checks every filed claim against the loans side, and tells the loans side which loans paid
 * claims compensated (used by the job and the tests); a claim already checked, a loan already
 * told, is left alone.
 */
export async function verifyRiskFundClaims(deps: { loans: LoansApp; funds: FundsApp }) {
  const claims = deps.funds.riskFundClaims;
  const facts = deps.loans.claimFacts;
  const verified = [];
  const filed = await claims.filed();
  const positions = filed.length ? await deps.loans.portfolio.positions() : [];
  for (const claim of filed) {
    const found = await facts.facts(claim.bankCode, claim.countyCode, await claims.contractsOf(claim.id));
    const position = positions.find((p) => p.countyCode === claim.countyCode && p.bankCode === claim.bankCode) ?? { loanBalance: '0.00', nplBalance: '0.00' };
    verified.push(await claims.verify(claim.id, found, position));
  }
  const toTell = await claims.compensatedLoans();
  const compensated = await deps.loans.portfolio.markCompensated(toTell);
  await claims.loansTold([...new Set(toTell.map((l) => l.claimId))]);
  // A recovery whose ledger entry a crash lost after its commit gets it now.
  await claims.postMissingRecoveryEntries();
  return { verified, compensated };
}

/** Assesses every declared reward (used by the job and the tests); one declared again meanwhile waits for the next round. */
export async function assessLendingRewards(deps: { loans: LoansApp; funds: FundsApp }): Promise<number> {
  const rewards = deps.funds.lendingRewards;
  const declared = await rewards.declared();
  const facts = deps.loans.lendingYearFacts;
  for (const year of new Set(declared.map((r) => r.year))) {
    const ofYear = declared.filter((r) => r.year === year);
    const figures = await facts.facts(year, ofYear);
    const rules = await rewards.rulesFor([...new Set(ofYear.map((r) => r.countyCode))], year);
    for (const reward of ofYear) await rewards.assess(reward, figures.get(`${reward.countyCode} ${reward.bankCode}`)!, rules.get(reward.countyCode) ?? null);
  }
  return declared.length;
}

export function createRiskFundJobs(deps: RiskFundJobDependencies): JobSet {
  return {
    handlers: {
      [JOBS.assessRiskFunds]: async () => {
        const result = await assessRiskFunds(deps, shanghaiDate(new Date()));
        deps.logger.info('risk funds assessed', {
          assessed: result.assessed,
          alerts: result.alerts.length,
          countiesWithoutRules: result.withoutRules.length,
          deadlinesFilled: result.deadlines.filled,
        });
        if (result.deadlines.stillOpen) {
          deps.logger.warn(
            'claim deadlines without a working-day calendar: record the State Council holiday arrangement of their year (recordHolidayArrangements)',
            { open: result.deadlines.stillOpen },
          );
        }
        return { assessed: result.assessed, alerts: result.alerts.length, countiesWithoutRules: result.withoutRules };
      },
      [JOBS.verifyRiskFundClaims]: async () => {
        const { verified, compensated } = await verifyRiskFundClaims(deps);
        if (verified.length || compensated) {
          deps.logger.info('risk-fund claims checked', {
            claims: verified.map((c) => ({ id: c.id, status: c.status, fundPays: c.fundPays.toFixed(2) })),
            loansMarkedCompensated: compensated,
          });
        }
        return { checked: verified.length, loansMarkedCompensated: compensated };
      },
      [JOBS.assessLendingRewards]: async () => {
        const assessed = await assessLendingRewards(deps);
        if (assessed) deps.logger.info('lending rewards assessed', { assessed });
        return { assessed };
      },
    },
    schedulers: [
      {
        id: 'assess-risk-funds',
        repeat: { pattern: '0 3 * * *', tz: 'Asia/Shanghai' },
        template: { name: JOBS.assessRiskFunds, data: {}, opts: { ...retryOf(JOBS.assessRiskFunds), removeOnComplete: 20, removeOnFail: 50 } },
      },
      {
        id: 'verify-risk-fund-claims',
        repeat: { every: 60_000 },
        template: { name: JOBS.verifyRiskFundClaims, data: {}, opts: { ...retryOf(JOBS.verifyRiskFundClaims), removeOnComplete: 20, removeOnFail: 50 } },
      },
      {
        id: 'assess-lending-rewards',
        repeat: { every: 60_000 },
        template: { name: JOBS.assessLendingRewards, data: {}, opts: { ...retryOf(JOBS.assessLendingRewards), removeOnComplete: 20, removeOnFail: 50 } },
      },
    ],
  };
}
