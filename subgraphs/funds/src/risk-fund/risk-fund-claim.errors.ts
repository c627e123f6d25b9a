import { HubError } from '../../../../common/errors/hub-error';

/** A claim step its claim's state does not allow (told only to callers allowed on the claim). */
export class RiskFundClaimStateError extends HubError {
  constructor(message: string) {
    super('RISK_FUND_CLAIM_WRONG_STATE', message);
  }
}
