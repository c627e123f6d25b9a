/**
 * Every code a client of the hub can meet, in one place: its kind (which decides the HTTP status
 * and how a client should react) and what it means, in Chinese and English. An error's own
 * message says what exactly was wrong; these say what kind of thing it is. docs/errors.md is
 * checked against this table by a test.
 */

/**
 * BAD_INPUT: the request is malformed or breaks a rule: fix the request.
 * FORBIDDEN: the caller may not do this (or may not know whether the row exists).
 * NOT_FOUND: the row named does not exist (said only to callers allowed to know).
 * CONFLICT: the request is well-formed but what is stored does not allow it now: a step taken
 *   already, a state that does not fit, a key used for another request, a figure not recorded.
 * UNAVAILABLE: the hub cannot do it now (a dependency is down): try again later.
 * UNAUTHENTICATED: no valid token, or a subgraph called other than through the gateway.
 */
export type HubErrorKind = 'BAD_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE' | 'UNAUTHENTICATED';

interface CodeEntry {
  readonly kind: HubErrorKind;
  readonly zh: string;
  readonly en: string;
  /** An HTTP status other than the kind's (the transport's own refusals). */
  readonly status?: number;
}

const entry = (kind: HubErrorKind, zh: string, en: string, status?: number): CodeEntry => ({ kind, zh, en, ...(status ? { status } : {}) });

export const ERROR_CODES = {
  // Any subgraph
  BAD_USER_INPUT: entry('BAD_INPUT', '输入有误，请按提示修改', 'An argument is malformed or out of range'),
  FORBIDDEN: entry('FORBIDDEN', '无权执行此操作', 'The caller may not do this'),
  UNAUTHENTICATED: entry('UNAUTHENTICATED', '未登录或登录已失效', 'No valid token (or a subgraph called directly)'),
  UNAVAILABLE: entry('UNAVAILABLE', '服务暂时不可用，请稍后重试', 'A service of the hub did not answer'),

  // Rosters and region assignments (households)
  ROSTER_BAD_REQUEST: entry('BAD_INPUT', '花名册请求有误', 'The roster request is malformed'),
  ROSTER_BAD_FILE: entry('BAD_INPUT', '文件无法作为花名册读取', 'The file cannot be read as a roster'),
  ROSTER_EMPTY_FILE: entry('BAD_INPUT', '花名册文件没有数据行', 'The roster file has no rows'),
  ROSTER_MISSING_COLUMNS: entry('BAD_INPUT', '花名册缺少必需的列', 'The roster lacks a required column'),
  ROSTER_DUPLICATE_COLUMNS: entry('BAD_INPUT', '花名册有重复的列', 'Two columns of the roster map to one field'),
  ROSTER_TOO_MANY_ERRORS: entry('BAD_INPUT', '花名册错误行过多，已整体拒收', 'Too many bad rows: the roster is refused whole'),
  ROSTER_NO_REGIONS: entry('CONFLICT', '本县区划尚未载入', "The county's regions are not loaded"),
  ROSTER_NOT_FOUND: entry('NOT_FOUND', '未找到该花名册记录', 'No such roster import, version or delivery'),
  ROSTER_NOT_A_DRAFT: entry('CONFLICT', '该版本不是草稿，不能发布或作废', 'The version is not a draft'),
  ROSTER_ASSIGNMENT_CONFLICT: entry('CONFLICT', '该乡镇在此日期已有承贷银行安排', 'The township already has an assignment from that date'),
  ROSTER_BANK_UNKNOWN: entry(
    'NOT_FOUND',
    '户籍侧银行目录中没有该银行（刚登记的银行数秒内同步）',
    "The households side's bank directory does not know the bank (a bank registered just now reaches it within seconds)",
  ),
  ROSTER_BANK_RETIRED: entry('CONFLICT', '该银行已停用，不能承贷乡镇', 'The bank is retired: no township can be assigned to it'),
  ROSTER_BANK_NOT_IN_COUNTY: entry('CONFLICT', '该银行未登记服务此乡镇所在的县', "The bank is not registered as serving the township's county"),

  // 一卡通 accounts (funds)
  ONE_CARD_BAD_REQUEST: entry('BAD_INPUT', '一卡通导入请求有误', 'The 一卡通 import request is malformed'),
  ONE_CARD_BAD_FILE: entry('BAD_INPUT', '文件无法作为一卡通账户表读取', 'The file cannot be read as a 一卡通 account file'),
  ONE_CARD_EMPTY_FILE: entry('BAD_INPUT', '一卡通文件没有数据行', 'The 一卡通 file has no rows'),
  ONE_CARD_MISSING_COLUMNS: entry('BAD_INPUT', '一卡通文件缺少必需的列', 'The 一卡通 file lacks a required column'),
  ONE_CARD_DUPLICATE_COLUMNS: entry('BAD_INPUT', '一卡通文件有重复的列', 'Two columns of the 一卡通 file map to one field'),
  ONE_CARD_TOO_MANY_ERRORS: entry('BAD_INPUT', '一卡通文件错误行过多，已整体拒收', 'Too many bad rows: the 一卡通 file is refused whole'),
  ONE_CARD_IMPORT_NOT_FOUND: entry('NOT_FOUND', '未找到该一卡通导入', 'No such 一卡通 import'),
  ISSUING_BANK_UNKNOWN: entry('BAD_INPUT', '开户银行未在本平台登记', 'The issuing bank is not registered with the hub'),
  ISSUING_BANK_RETIRED: entry('CONFLICT', '开户银行已停用，不能新记账户', 'The issuing bank is retired: no account is recorded for it'),
  CARD_PREFIX_MISMATCH: entry(
    'BAD_INPUT',
    '卡号开头不是该银行登记的卡号前缀(BIN)',
    "The card number does not start with one of the issuing bank's registered prefixes (BIN)",
  ),
  HOUSEHOLD_NOT_KNOWN: entry('NOT_FOUND', '资金端尚无该农户（花名册发布后约一分钟内同步）', 'The funds side does not know the household (yet)'),

  // Subsidy and payouts (funds)
  SUBSIDY_NOT_COMPUTED: entry('CONFLICT', '该季度贴息尚未计算', "The quarter's subsidy is not computed yet"),
  SUBSIDY_QUARTER_NOT_DUE: entry(
    'CONFLICT',
    '该季度结息日未过，暂不能计算贴息',
    "The quarter's settlement day has not passed: its subsidy cannot be computed yet",
  ),
  PAYOUT_BATCH_NOT_FOUND: entry('NOT_FOUND', '未找到该发放批次', 'No such payout batch'),
  PAYOUT_BATCH_NOT_DRAFT: entry('CONFLICT', '只有草稿批次可以审批', 'Only a DRAFT batch can be approved'),
  PAYOUT_SAME_PERSON: entry(
    'FORBIDDEN',
    '制单人不能审批自己制作的批次，须由财政局另一名工作人员审批',
    'The person who prepared a batch cannot approve it: another person of the finance bureau does',
  ),
  PAYOUT_BATCH_NOT_CONFIRMED: entry(
    'CONFLICT',
    '系统生成的批次须先由财政局一名工作人员确认制单，再由另一名工作人员审批',
    'A batch the scheduler drafted is approved only after a person of the finance bureau has confirmed it as its maker',
  ),
  PAYOUT_BATCH_CONFIRMED: entry('CONFLICT', '该批次已有制单人，须由另一名工作人员审批', 'The batch has its maker already: another person approves it'),
  SUBSIDY_RECEIVABLE_NOT_FOUND: entry('NOT_FOUND', '本县没有该笔应收退回贴息款', 'The county has no such subsidy receivable'),
  SUBSIDY_RECEIVABLE_NOT_OPEN: entry(
    'CONFLICT',
    '该笔应收退回贴息款已结清、已核销或已作废',
    'The receivable is settled, written off or void: nothing is open of it',
  ),
  SUBSIDY_RECEIVABLE_EXCEEDED: entry('BAD_INPUT', '退回金额超过该笔应收款的余额', 'The repayment is more than is open of the receivable'),
  SUBSIDY_BUDGET_INSUFFICIENT: entry('CONFLICT', '本年度贴息预算余额不足以支付该批次', "The year's subsidy budget does not cover the batch"),

  // Ledger (funds)
  VALIDATION_FAILED: entry('BAD_INPUT', '记账分录不合规', 'The ledger entry breaks a rule'),
  UNKNOWN_ACCOUNT: entry('BAD_INPUT', '记账科目不存在', 'A posting names an account that does not exist'),
  ACCOUNT_CONFLICT: entry('CONFLICT', '科目代码已用于另一科目', 'The account code is used with another spec'),
  IDEMPOTENCY_KEY_REUSED: entry('CONFLICT', '该业务编号已用于另一笔不同的记录', 'The reference was used for a different request'),
  ENTRY_NOT_FOUND: entry('NOT_FOUND', '未找到该分录', 'No such ledger entry'),
  ALREADY_REVERSED: entry('CONFLICT', '该分录已冲正', 'The entry is reversed already'),
  NOT_REVERSIBLE: entry('CONFLICT', '该分录不能冲正', 'The entry cannot be reversed'),

  // Risk-compensation funds and rewards (funds)
  RISK_FUND_INVALID_RULES: entry('BAD_INPUT', '风险补偿规则不合规', 'The risk-fund rules break a rule'),
  RISK_FUND_INVALID_VERSIONS: entry('BAD_INPUT', '风险补偿规则版本重叠或不合规', 'The rule versions overlap or are malformed'),
  RISK_FUND_INVALID_INPUT: entry('BAD_INPUT', '风险补偿输入有误', 'A risk-fund argument is malformed'),
  RISK_FUND_INVALID_CALENDAR: entry('BAD_INPUT', '工作日历数据有误', 'The working-day calendar is malformed'),
  RISK_FUND_DATE_NOT_COVERED: entry('CONFLICT', '工作日历尚未覆盖该年份', 'The working-day calendar does not cover that year'),
  RISK_FUND_FIGURE_NOT_RECORDED: entry('CONFLICT', '规则所需的参考数据（存款利率、不良率目标）尚未录入', 'A figure the rules need is not recorded'),
  RISK_FUND_CLAIM_NOT_FOUND: entry('NOT_FOUND', '未找到该补偿申请', 'No such risk-fund claim'),
  RISK_FUND_CLAIM_WRONG_STATE: entry('CONFLICT', '补偿申请当前状态不允许此操作', "The claim's state does not allow this step"),
  LENDING_REWARD_WRONG_STATE: entry('CONFLICT', '奖励当前状态不允许此操作', "The reward's state does not allow this step"),

  // Loans, banks and policy (loans)
  UNKNOWN_BANK: entry('BAD_INPUT', '该银行尚未在平台登记', 'The bank is not registered with the hub'),
  BANK_INVALID_CODE: entry('BAD_INPUT', '银行代码格式有误', 'The bank code is malformed'),
  BANK_INVALID_NAME: entry('BAD_INPUT', '银行中文或英文名称有误', "The bank's Chinese or English name is malformed"),
  BANK_INVALID_CARD_PREFIX: entry('BAD_INPUT', '一卡通卡号前缀（发卡行识别码）有误', 'A 一卡通 card prefix (issuer number) is malformed'),
  BANK_INVALID_CONNECTOR_URL: entry('BAD_INPUT', '银行接口地址有误', "The bank's connector URL is malformed or carries credentials"),
  BANK_INVALID_CREDENTIAL_REF: entry('BAD_INPUT', '凭据引用有误（应为密钥名称，而非密钥本身）', 'The credential reference is not the name of a secret'),
  BANK_INVALID_COUNTY: entry('BAD_INPUT', '服务县区代码有误', 'A county code the bank serves is malformed'),
  BANK_ALREADY_REGISTERED: entry('CONFLICT', '该银行代码已登记', 'A bank with that code is registered already'),
  BANK_CARD_PREFIX_TAKEN: entry('CONFLICT', '该卡号前缀已由另一家银行登记', 'Another registered bank issues cards with that prefix'),
  BANK_NOT_FOUND: entry('NOT_FOUND', '未找到该银行', 'No bank with that code is registered'),
  BANK_RETIRED: entry('CONFLICT', '该银行已停用', 'The bank is retired'),
  BANK_HAS_TOWNSHIPS: entry('CONFLICT', '该银行仍有承贷乡镇，请先改由其他银行承贷', 'Townships are still assigned to the bank'),
  POLICY_INVALID_ARGUMENT: entry('BAD_INPUT', '政策数据参数有误', 'A policy-data argument is malformed'),
  POLICY_INVALID_LPR_FIXING: entry('BAD_INPUT', 'LPR 报价数据有误', 'An LPR fixing is malformed'),
  POLICY_INVALID_RULES: entry('BAD_INPUT', '贷款政策规则不合规', 'The loan policy rules break a rule'),
  POLICY_VERSION_CONFLICT: entry('CONFLICT', '政策版本与已有版本冲突', 'The policy version clashes with a recorded one'),

  // The loan report endpoint's transport (loans)
  BAD_REQUEST: entry('BAD_INPUT', '请求格式有误', 'The request body is not what the endpoint takes'),
  BAD_JSON: entry('BAD_INPUT', '请求体不是有效的 JSON', 'The body is not valid JSON'),
  UNSUPPORTED_MEDIA_TYPE: entry('BAD_INPUT', '请以 application/json 发送', 'Send the body as application/json', 415),
  PAYLOAD_TOO_LARGE: entry('BAD_INPUT', '请求体过大', 'The body is over the size limit', 413),
} as const satisfies Record<string, CodeEntry>;

export type HubErrorCode = keyof typeof ERROR_CODES;

const STATUS_OF_KIND: Record<HubErrorKind, number> = { BAD_INPUT: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, UNAVAILABLE: 503, UNAUTHENTICATED: 401 };

/** The HTTP status a refusal with this code is answered with on the hub's HTTP endpoints. */
export function httpStatusOf(code: HubErrorCode): number {
  const known: CodeEntry = ERROR_CODES[code];
  return known.status ?? STATUS_OF_KIND[known.kind];
}
