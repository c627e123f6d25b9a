/**
 * The one kind of error the hub refuses a request with: a stable code from ERROR_CODES, the
 * message a clerk can act on (English, with the figures; the Chinese one given where written,
 * else the code's), and the field at fault. Services and domain modules throw these; one
 * mapping turns them into GraphQL errors (common/graphql/errors.ts) and one into HTTP answers
 * (common/errors/http-error.ts). Anything else thrown is internal: masked and logged.
 */
import { ERROR_CODES, type HubErrorCode, type HubErrorKind } from './error-codes';

export interface HubErrorOptions {
  /** The argument or path at fault: `countyCode`, `loans[2].insurancePaid`. */
  field?: string;
  /** The message in Chinese, where one is written for this case; else the code's own. */
  zh?: string;
  cause?: unknown;
}

export class HubError extends Error {
  readonly kind: HubErrorKind;
  readonly field: string | undefined;
  readonly zh: string;

  constructor(
    readonly code: HubErrorCode,
    message: string,
    options: HubErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.kind = ERROR_CODES[code].kind;
    this.field = options.field;
    this.zh = options.zh ?? ERROR_CODES[code].zh;
  }
}

/**
 * The base of a family of refusals that may carry only its own codes (a roster's, an import's, a
 * payout's), so a caller can tell them apart (`instanceof RosterError`) and the compiler checks
 * the code: `class RosterError extends hubErrorFamily<RosterErrorCode>('RosterError') {}`.
 */
export function hubErrorFamily<Code extends HubErrorCode>(name: string) {
  return class extends HubError {
    constructor(
      override readonly code: Code,
      message: string,
      field?: string,
      zh?: string,
    ) {
      super(code, message, { field, zh });
      this.name = name;
    }
  };
}

/**
 * Like hubErrorFamily, for refusals of malformed data that always name the path of the field at
 * fault (`fundShare`, `rateCap[1].spread`), so whoever produced the data can fix it:
 * `class PolicyDataError extends fieldErrorFamily<PolicyDataErrorCode>('PolicyDataError') {}`.
 */
export function fieldErrorFamily<Code extends HubErrorCode>(name: string) {
  return class extends HubError {
    constructor(
      override readonly code: Code,
      /** Path of the offending field. */
      override readonly field: string,
      message: string,
    ) {
      super(code, message, { field });
      this.name = name;
    }
  };
}

export function badInput(message: string, field?: string): HubError {
  return new HubError('BAD_USER_INPUT', message, { field });
}

export function forbidden(message: string): HubError {
  return new HubError('FORBIDDEN', message);
}

export function isHubError(error: unknown): error is HubError {
  return error instanceof HubError;
}
