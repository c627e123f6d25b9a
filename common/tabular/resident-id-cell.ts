/** The resident ID column every file import reads (rosters, 一卡通 accounts), checked the same way. */
import { checkResidentId, type ResidentIdProblem } from '../domain/resident-id';

/**
 * A resident ID cell's normalized ID. Undefined when the cell was empty (`raw` undefined: the
 * import reported it missing) or holds no valid ID: `fail` is then given the import's own code
 * for what is wrong (`codes`).
 */
export function residentIdCell<Code extends string>(
  raw: string | undefined,
  today: Date,
  codes: Readonly<Record<ResidentIdProblem, Code>>,
  fail: (code: Code) => void,
): string | undefined {
  if (raw === undefined) return undefined;
  const check = checkResidentId(raw, today);
  if (check.ok) return check.normalized;
  fail(codes[check.problem!]);
  return undefined;
}
