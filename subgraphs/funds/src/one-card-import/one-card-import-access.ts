/**
 * Who may import a county's 一卡通 accounts and read the reports, and the errors the import
 * raises. Kept apart from GraphQL: the HTTP upload, GraphQL and the CLI use the same rules.
 */
import { type Caller, isCountyFinance } from '../../../../common/auth/caller';
import { hubErrorFamily } from '../../../../common/errors/hub-error';
import type { ImportProblem } from '../../../../common/tabular/tabular-import';

export type OneCardImportProblem =
  | 'ONE_CARD_BAD_REQUEST'
  | 'ONE_CARD_BAD_FILE'
  | 'ONE_CARD_EMPTY_FILE'
  | 'ONE_CARD_MISSING_COLUMNS'
  | 'ONE_CARD_DUPLICATE_COLUMNS'
  | 'ONE_CARD_TOO_MANY_ERRORS'
  | 'ONE_CARD_IMPORT_NOT_FOUND'
  | 'FORBIDDEN';

/** An import refused for a reason the caller can act on: a hub error under a 一卡通 code. */
export class OneCardImportError extends hubErrorFamily<OneCardImportProblem>('OneCardImportError') {}

/** A problem any file import can have, under the 一卡通 import's code for it (ONE_CARD_BAD_FILE…). */
export function oneCardProblem(problem: ImportProblem, message: string, field?: string): OneCardImportError {
  return new OneCardImportError(`ONE_CARD_${problem}`, message, field);
}

/** The county's finance bureau imports its households' accounts and reads the reports; admins may act for any county. */
export function assertCountyFinance(caller: Caller, countyCode: string): void {
  if (isCountyFinance(caller, countyCode)) return;
  throw new OneCardImportError('FORBIDDEN', `only the finance bureau of county ${countyCode} imports and reads its 一卡通 account files`);
}
