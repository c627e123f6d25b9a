/**
 * Fail points: named places in a job where a test can make the worker die as `kill -9` would,
 * to prove the step after it recovers (the pattern of TiKV's fail-rs and FoundationDB's buggify).
 * `HUB_FAILPOINTS=subsidy.send.before-transmit,...` arms them; they never fire in production.
 */

/** Every fail point of the hub: arming any other name is refused, so a test cannot arm one no code checks. */
export const FAILPOINTS = [
  'subsidy.compute.before-finish',
  'subsidy.batch.after-prepare',
  'subsidy.send.before-transmit',
  'subsidy.results.after-transmit',
  'subsidy.reconcile.before-record',
] as const;
export type FailpointName = (typeof FAILPOINTS)[number];

function armedFromEnvironment(): Set<string> {
  if (process.env.NODE_ENV === 'production') return new Set();
  const names = (process.env.HUB_FAILPOINTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(FAILPOINTS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`HUB_FAILPOINTS names no fail point: ${unknown.join(', ')} (known: ${FAILPOINTS.join(', ')})`);
  return new Set(names);
}

const armed = armedFromEnvironment();

/** Dies at once, without cleanup, when this fail point is armed. */
export function failpoint(name: FailpointName): void {
  if (!armed.has(name)) return;
  process.stderr.write(`failpoint ${name}: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}
