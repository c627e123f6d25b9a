/** The risk-fund domain's refusals: a stable code and the path of the field at fault. Pure. */
import Decimal from 'decimal.js';
import { fieldErrorFamily } from '../../../../../common/errors/hub-error';

export type RiskFundErrorCode =
  /** A rules document or a typed rule set breaks a rule (range, sum, unknown field …). */
  | 'RISK_FUND_INVALID_RULES'
  /** A list of rule versions is malformed or ambiguous (overlapping versions of one region). */
  | 'RISK_FUND_INVALID_VERSIONS'
  /** A loan, claim, recovery, balance or date passed to a computation is malformed. */
  | 'RISK_FUND_INVALID_INPUT'
  /** Working-day calendar data is malformed. */
  | 'RISK_FUND_INVALID_CALENDAR'
  /** A working-day count reached a year the calendar has no official data for. */
  | 'RISK_FUND_DATE_NOT_COVERED'
  /** No deposit rate or bank NPL target is recorded for what a rule needs. */
  | 'RISK_FUND_FIGURE_NOT_RECORDED';

/**
 * Malformed risk-fund data or input, refused with a stable code and the path of the field at
 * fault (`fundShare`, `deadlines.recoveryReturnWorkingDays`, `loans[2].insurancePaid`), so
 * whoever produced it can fix it. The message is English and carries the figures.
 */
export class RiskFundInputError extends fieldErrorFamily<RiskFundErrorCode>('RiskFundInputError') {}

/** A value as an error message quotes it: a decimal by its digits, anything else as JSON. */
export const show = (value: unknown) => (Decimal.isDecimal(value) ? (value as Decimal).toString() : (JSON.stringify(value) ?? String(value)));
