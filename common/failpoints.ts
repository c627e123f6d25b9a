/**
 * Fail points: named places in a job where a test can make the worker die as `kill -9` would,
 * to prove the step after it recovers (the pattern of TiKV's fail-rs and FoundationDB's buggify).
 * `HUB_FAILPOINTS=subsidy.send.after-transmit,...` arms them; they never fire in production.
 */
const armed = new Set(
  process.env.NODE_ENV === 'production'
    ? []
    : (process.env.HUB_FAILPOINTS ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
);

/** Every fail point of the hub, so a test cannot arm a name that no code checks. */
export const FAILPOINTS = [
  'subsidy.compute.before-finish',
  'subsidy.batch.after-prepare',
  'subsidy.send.before-transmit',
  'subsidy.results.after-transmit',
  'subsidy.reconcile.before-record',
] as const;
export type FailpointName = (typeof FAILPOINTS)[number];

/** Dies at once, without cleanup, when this fail point is armed. */
export function failpoint(name: FailpointName): void {
  if (!armed.has(name)) return;
  process.stderr.write(`failpoint ${name}: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}
