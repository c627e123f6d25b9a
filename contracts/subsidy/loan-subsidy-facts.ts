/**
 * What the loans side tells the funds side about a county's loans for one quarter's subsidy,
 * carried by the quarterly job as two PostgreSQL COPY streams (text format, in these column
 * orders) from the loans side's query into the funds side's staging tables. The funds subgraph
 * never reads the loans tables; the loans subgraph never writes the funds ones. No personal data:
 * the household is its hub id.
 */

/** One row per loan with interest settled in the window. */
export const LOAN_FACT_COLUMNS = [
  'loan_id', // uuid
  'contract_no', // text
  'bank_code', // text: the lending bank
  'household_id', // uuid
  'township_code', // text
  'amount', // numeric: principal, CNY
  'subsidized_amount', // numeric: the part the loans side subsidizes (≤ the policy's cap)
  'annual_rate', // numeric: a fraction, 0.0345 = 3.45 %
  'flag_codes', // text[]: policy flag codes (OFF_LIST_AT_CONTRACT and CONVERTED_TO_FARMER_LOAN among them when they apply)
  'converted_to_farmer_loan', // boolean
  'subsidy_ratio', // numeric: of the policy version the loan was checked against (1 = full)
] as const;

/** One row per interest settlement inside the window. */
export const PAYMENT_FACT_COLUMNS = [
  'loan_id', // uuid
  'period_start', // date
  'settlement_date', // date
  'interest_paid', // numeric: normal interest, CNY
  'overdue_interest_paid', // numeric: penalty interest, CNY (never subsidized)
] as const;

/** What the quarterly job asks the loans side for. */
export interface SubsidyFactsRequest {
  countyCode: string;
  /** The settlement window, both days included (YYYY-MM-DD). */
  window: { start: string; end: string };
}
