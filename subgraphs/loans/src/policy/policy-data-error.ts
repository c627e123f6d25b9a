import { HubError } from '../../../../common/errors/hub-error';

/**
 * Policy data (LPR fixings, policy versions) arrives from admins, files and jsonb columns, and
 * loan facts from banks; anything malformed is refused with a stable code and the field at fault,
 * so the person who typed it can fix it.
 */
export type PolicyDataErrorCode = 'POLICY_INVALID_LPR_FIXING' | 'POLICY_INVALID_RULES' | 'POLICY_INVALID_ARGUMENT';

export class PolicyDataError extends HubError {
  override readonly name = 'PolicyDataError';

  constructor(
    override readonly code: PolicyDataErrorCode,
    /** Path of the offending field, e.g. `rateCap[1].spread` or `oneYear`. */
    override readonly field: string,
    message: string,
  ) {
    super(code, message, { field });
  }
}
