/**
 * A task done at most once per process while it succeeds: the first call starts it, later calls
 * share its promise; a failure is not remembered, so the next call tries again (the shipped policy
 * data, rules and figures each service writes at start).
 */
export function onceUntilFailure(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= task().catch((error: unknown) => {
      running = null;
      throw error;
    });
    return running;
  };
}
