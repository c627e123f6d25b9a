/** A caller asked for a risk-fund record or step its role and county or bank do not allow (shown as FORBIDDEN). */
export class RiskFundAccessError extends Error {}
