/**
 * The bank connector protocol: what the hub and a lending bank say to each other over HTTP.
 * `schema/bank-connector.openapi.yaml` is the published contract; these types are the same
 * shapes for the hub's client, the bank simulator and the `reportLoans` mutation.
 *
 * Money travels as decimal strings ("50000.00"), rates as fractions ("0.0345"), dates as
 * YYYY-MM-DD. Nothing is a float on the wire.
 */

/** Paths relative to a bank's connector base URL. */
export const BANK_CONNECTOR_PATHS = {
  listDeliveries: '/beneficiary-lists/deliveries',
  loanRecords: '/loan-records',
  payoutBatches: '/payout-batches',
} as const;

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Largest number of records in one list delivery, one loan-record page or one `reportLoans` call. */
export const MAX_RECORDS_PER_MESSAGE = 5_000;

// ---------------------------------------------------------------------------------------------
// Hub → bank: the beneficiary list (名单), as deltas in a per-bank sequence

export type BeneficiaryOp = 'ADD' | 'CHANGE';
export type RemovalReason = 'OFF_ROSTER' | 'MOVED_TO_OTHER_BANK' | 'TOWNSHIP_REASSIGNED';
export type DeliveryKind = 'DELTA' | 'SNAPSHOT';

/** One listed household, in full: the bank needs the head's ID and phone to identify the borrower. */
export interface BeneficiaryRecord {
  op: BeneficiaryOp;
  /** The hub's household id; banks quote it back on loan records. */
  householdId: string;
  householdNo: string;
  headName: string;
  residentId: string;
  phone: string | null;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  /** LIFTED_OUT | UNSTABLE_LIFTED | EDGE_AT_RISK | SUDDEN_HARDSHIP */
  category: string;
  monitored: boolean;
  riskEliminated: boolean | null;
  liftedOutYear: number | null;
  memberCount: number;
}

export interface BeneficiaryRemoval {
  householdId: string;
  householdNo: string;
  townshipCode: string;
  reason: RemovalReason;
}

/**
 * A snapshot replaces everything the bank holds for `townships`. It may span several
 * deliveries (parts); the bank drops unlisted households of those townships when the last part arrives.
 */
export interface SnapshotPart {
  snapshotId: string;
  townships: string[];
  part: number;
  lastPart: boolean;
}

/** POST {base}/beneficiary-lists/deliveries, with an Idempotency-Key header. */
export interface BeneficiaryListDelivery {
  bankCode: string;
  /** 1, 2, 3 … per bank, no gaps: a bank applies n only after n − 1. */
  sequence: number;
  kind: DeliveryKind;
  countyCode: string;
  /** The published roster version this delivery brings the bank up to. */
  rosterVersionId: string | null;
  /** The day the list takes effect for the bank (publication day, or a reassignment's effective date). */
  effectiveDate: string;
  snapshot: SnapshotPart | null;
  upserts: BeneficiaryRecord[];
  removals: BeneficiaryRemoval[];
}

/** 200: applied now, or (same key, same body) applied before and replayed. */
export interface DeliveryAck {
  sequence: number;
  status: 'APPLIED' | 'ALREADY_APPLIED';
  upserts: number;
  removals: number;
}

// ---------------------------------------------------------------------------------------------
// Hub → the bank that issued the households' 一卡通: a payout batch (the quarterly subsidy)

/** One payment into one 一卡通 account. `instructionId` is unique for ever: a bank pays it at most once. */
export interface PayoutInstruction {
  instructionId: string;
  /** The 一卡通 card or account number, in full (the bank needs it to pay). */
  accountNumber: string;
  holderName: string;
  /** Yuan, two decimals, more than 0. */
  amount: string;
  householdId: string;
  quarter: string;
}

/** POST {base}/payout-batches with an Idempotency-Key header. */
export interface PayoutBatchMessage {
  batchId: string;
  bankCode: string;
  countyCode: string;
  /** '2025Q3'. */
  quarter: string;
  /** Exactly the sum of the lines. */
  totalAmount: string;
  lines: PayoutInstruction[];
}

export const PAYOUT_FAILURE_REASONS = ['ACCOUNT_CLOSED', 'ACCOUNT_FROZEN', 'NAME_MISMATCH', 'ACCOUNT_NOT_FOUND'] as const;
export type PayoutFailureReason = (typeof PAYOUT_FAILURE_REASONS)[number];

export interface PayoutLineResult {
  instructionId: string;
  status: 'PAID' | 'FAILED';
  reason: PayoutFailureReason | null;
  /** The bank's own reference of the credit (PAID only). */
  bankReference: string | null;
}

/** 200: processed now, or (same key, same body) processed before and replayed. */
export interface PayoutBatchResult {
  batchId: string;
  status: 'PROCESSED' | 'ALREADY_PROCESSED';
  lines: PayoutLineResult[];
  paidAmount: string;
  failedAmount: string;
}

// ---------------------------------------------------------------------------------------------
// Bank → hub: loan records (pulled in pages, or pushed through the `reportLoans` mutation)

/** Purposes as banks classify them; the policy decides which are allowed (production only by default). */
export const PURPOSE_CATEGORIES = [
  'PLANTING', // 种植业
  'BREEDING', // 养殖业
  'PROCESSING', // 农产品加工
  'TRADING', // 商贸流通
  'RURAL_TOURISM', // 乡村旅游
  'OTHER_PRODUCTION', // 其他生产经营
  'HOUSE_BUILDING', // 建房
  'MARRIAGE', // 婚丧嫁娶
  'CONSUMPTION', // 生活消费
  'WEALTH_MANAGEMENT', // 理财
  'ENTERPRISE_USE', // 户贷企用、入股分红
] as const;
export type PurposeCategory = (typeof PURPOSE_CATEGORIES)[number];

export const WIRE_LOAN_STATUSES = [
  'APPLIED',
  'APPROVED',
  'DISBURSED',
  'OVERDUE',
  'NPL',
  'REPAID',
  'RENEWED',
  'EXTENDED',
  'WRITTEN_OFF',
  'COMPENSATED',
] as const;
export type WireLoanStatus = (typeof WIRE_LOAN_STATUSES)[number];

/** Interest the borrower paid for one quarterly settlement (结息), on the 20th of the quarter's last month. */
export interface InterestPaymentWire {
  /** The settlement day (inclusive end of the period). */
  settlementDate: string;
  /** First day of the period: the day after the previous settlement, or the disbursement day. */
  periodStart: string;
  /** Normal interest paid for the period. */
  interestPaid: string;
  /** Penalty/overdue interest paid for the period (never subsidized). */
  overdueInterestPaid: string;
}

/**
 * The state of one loan contract as the bank knows it, at `recordVersion`. Versions increase by
 * one with every change the bank makes; (bank, contractNo, recordVersion) identifies a record.
 */
export interface LoanRecordWire {
  contractNo: string;
  recordVersion: number;
  /** The hub household id from the list; optional when the borrower's ID identifies the household. */
  householdId: string | null;
  /** The borrower's 18-character resident ID. */
  borrowerResidentId: string;
  countyCode: string;
  townshipCode: string;
  amount: string;
  annualRate: string;
  termMonths: number;
  contractDate: string;
  maturityDate: string;
  purposeCategory: PurposeCategory;
  status: WireLoanStatus;
  /** The day the current status began. */
  statusDate: string;
  outstandingPrincipal: string;
  /** For a renewal (续贷) or extension (展期): the contract it continues. */
  previousContractNo: string | null;
  /** Renewals and extensions this credit line has had (this contract included). */
  renewalCount: number;
  /** Whether the loan is insured (insurance pays first in some counties' loss split). */
  insured: boolean;
  /** Converted to an ordinary farmer loan (转为农户贷款): no more subsidy or compensation. */
  convertedToFarmerLoan: boolean;
  interestPayments: InterestPaymentWire[];
}

/** GET {base}/loan-records?after=<cursor>&limit=<n>: records changed since the cursor, oldest first. */
export interface LoanRecordsPage {
  records: LoanRecordWire[];
  /** Opaque; pass as `after` to continue. Null when the page is empty. */
  nextCursor: string | null;
  hasMore: boolean;
}

/** Every non-2xx answer from either side. */
export interface ConnectorError {
  error: string;
  message: string;
  expectedSequence?: number;
}
