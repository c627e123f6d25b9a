/** The risk-fund rule versions the hub ships: the real texts in /work/shared/seeds, every value citing its article. */
import { parseRiskFundRules, type RiskFundRulesJson } from './risk-fund-rules-json';
import type { RiskFundRuleVersion } from './risk-fund-rules';
import { DEFAULT_LEVERAGE_MULTIPLE } from './risk-fund-rules';
/**
 * 楚雄州 2017 (001 楚贫发〔2017〕71号, issued 2017-09-29), §四 完善补偿机制，加强风险管理. A prefecture
 * notice binding every county and city of 楚雄彝族自治州 (532300), hence region '5323'.
 */
const CHUXIONG_2017_JSON: RiskFundRulesJson = {
  // §四(一): 按…发放扶贫小额信贷的规模按 1:10 比例据实安排…风险补偿金.
  leverageMultiple: DEFAULT_LEVERAGE_MULTIPLE,
  // §四(二)一是: 不良贷款经审核认定后用风险补偿资金补偿 80%，承贷银行承担 20%.
  fundShare: '0.8',
  bankShare: '0.2',
  // The text has no insurance-first rule (it only encourages 银保合作 pilots, §四(一)).
  insuranceFirst: false,
  // §四(二)一是: 各承贷银行扶贫小额信贷不良率达到 3% 时可先启动补偿程序.
  nplTriggerRate: '0.03',
  // No pause-lending rule: the 2 pp in §五(一)五 is a supervisory tolerance (not penalized), not a pause.
  nplTarget: null,
  pauseLendingMargin: null,
  // §四(二) compensates NPL once the trigger is reached, with no loan-level ground.
  extendedLoanNplMargin: null,
  // §五(一)四: 贷款追加后，单户扶贫小额信贷不能超过5万元 — so a loan beyond it is 违规 and excluded
  // (§四(二)一是, 违规发放的贷款一律不予补偿; the loans side flags it). The cap also carries the
  // 2021 rule (000 national §二(三): 5万元以上部分…不纳入风险补偿范围) while 000 §一(七) keeps the
  // county mechanism itself unchanged.
  compensablePrincipalCap: '50000',
  depositInterest: {
    basis: 'BENCHMARK_DEPOSIT_RATE',
    markup: '0.1',
    // §四(一).
    description: '同期同档次存款基准利率上浮10%，利息收入补入风险补偿金账户',
  },
  // The text sets no working-day deadlines for review, confirmation or the return of recoveries.
  deadlines: { townshipReviewWorkingDays: null, confirmationWorkingDays: null, recoveryReturnWorkingDays: null },
  // §四(二)一是 says the fund is topped up 及时 (promptly) when lending exceeds the leveraged
  // amount, and §四(三) adjusts the funds 每季度 (quarterly). No date is given: the hub reads it as
  // the next quarterly adjustment, in the first month of the next quarter (as 004 第七条 words it).
  topUp: { onLendingGrowth: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER', afterCompensation: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER' },
  // The text lists no claim documents (§四(二): 经审核认定); the county's agreement may, in a new version.
  claimDocuments: { perClaim: [], perLoan: [] },
  lendingReward: null,
};

/** 巫山县 2017 (004 巫山府办发〔2017〕166号, issued 2017-10-13, in force from issue: 第三十条). */
const WUSHAN_2017_JSON: RiskFundRulesJson = {
  // 第六条: 合作银行按风险补偿金的10倍发放扶贫小额信贷.
  leverageMultiple: DEFAULT_LEVERAGE_MULTIPLE,
  // 第十一、十二条: 70% / 30%, with or without insurance.
  fundShare: '0.7',
  bankShare: '0.3',
  // 第十一条: 首先由保险机构按协议承担风险损失，剩余部分…按照 70%、30% 的比例承担.
  insuranceFirst: true,
  // No portfolio NPL threshold: a bank applies quarterly when a loan meets one of 第十七条's conditions.
  nplTriggerRate: null,
  // 第十三条: 不良率高出自身各项贷款不良率年度目标 2 个百分点时，合作银行可以暂停贷款发放. The
  // target is each bank's own, so it comes with the bank's figures.
  nplTarget: null,
  pauseLendingMargin: '0.02',
  // 第十七条(四): 展期后，且扶贫小额信贷不良率高出年度目标 2 个百分点.
  extendedLoanNplMargin: '0.02',
  // 第十五条: 贷款追加后，单户扶贫小额信贷不能超过 5 万元 (and 000 national §二(三) since 2021).
  compensablePrincipalCap: '50000',
  depositInterest: {
    basis: 'DEMAND_DEPOSIT_RATE',
    markup: '0',
    // 第十条.
    description: '按活期存款利率计息，利息收入补充风险补偿金',
  },
  // 第十九条 (乡镇…于5个工作日内完成初审), 第二十条 (3个工作日内…出具补偿确认书和划款凭证),
  // 第二十一条 (追回的贷款本息按损失承担比例，在5个工作日内退回风险补偿金专户).
  deadlines: { townshipReviewWorkingDays: 5, confirmationWorkingDays: 3, recoveryReturnWorkingDays: 5 },
  // 第六条 (于次月内补足), 第七条 (补偿…后…于下一季度第一个月内补足).
  topUp: { onLendingGrowth: 'END_OF_NEXT_MONTH', afterCompensation: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER' },
  // 第十八条: (一) 申请划拨风险补偿金报告 (二) 划拨申请表 for the claim; (三) 补偿名单和借款借据（复印件）
  // and (四) 催收通知书 for each loan on it.
  claimDocuments: { perClaim: ['APPLICATION_REPORT', 'APPLICATION_FORM'], perLoan: ['LOAN_RECEIPT', 'COLLECTION_NOTICE'] },
  // 第十三条: 催收面达100%，贷款到期回收率95%以上 … 按不超过新增扶贫小额信贷规模的1%给予奖励.
  lendingReward: { minCollectionCoverage: '1', minRecoveryRate: '0.95', maxShareOfNewLending: '0.01' },
};

export const CHUXIONG_2017_RISK_FUND_RULES: RiskFundRuleVersion = Object.freeze({
  id: 'chuxiong-2017-risk-fund',
  regionCode: '5323',
  effectiveFrom: '2017-09-29',
  // 000 national §一(七) (2021): counties with a fund keep their mechanism, so no end date.
  effectiveTo: null,
  name: '楚雄州扶贫小额信贷风险补偿金 (楚贫发〔2017〕71号 §四)',
  source: '001 楚贫发〔2017〕71号 §四',
  rules: parseRiskFundRules(CHUXIONG_2017_JSON),
});

export const WUSHAN_2017_RISK_FUND_RULES: RiskFundRuleVersion = Object.freeze({
  id: 'wushan-2017-risk-fund',
  // 重庆市巫山县.
  regionCode: '500237',
  effectiveFrom: '2017-10-13',
  effectiveTo: null,
  name: '巫山县扶贫小额信贷风险补偿资金管理办法 (巫山府办发〔2017〕166号)',
  source: '004 巫山府办发〔2017〕166号 第六、七、十至十三、十七至二十一条',
  rules: parseRiskFundRules(WUSHAN_2017_JSON),
});

export const SHIPPED_RISK_FUND_RULE_VERSIONS: readonly RiskFundRuleVersion[] = Object.freeze([CHUXIONG_2017_RISK_FUND_RULES, WUSHAN_2017_RISK_FUND_RULES]);
