import { fieldErrorFamily } from '../../../../common/errors/hub-error';

/**
 * Policy data (LPR fixings, policy versions) arrives from admins, files and jsonb columns, and
 * loan facts from banks; anything malformed is refused with a stable code and the field at fault,
 * so the person who typed it can fix it.
 */
export type PolicyDataErrorCode = 'POLICY_INVALID_LPR_FIXING' | 'POLICY_INVALID_RULES' | 'POLICY_INVALID_ARGUMENT';

/** The field is named by its path, e.g. `rateCap[1].spread` or `oneYear`. */
export class PolicyDataError extends fieldErrorFamily<PolicyDataErrorCode>('PolicyDataError') {}
