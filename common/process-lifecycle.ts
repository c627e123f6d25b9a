/**
 * Shared process lifecycle for every service entry point: start, log where it listens, and
 * stop cleanly on SIGINT/SIGTERM — or when the `npm start` launcher that forked it goes away,
 * so no service outlives the launcher.
 */
import type { Logger } from './logger';

export interface Stoppable {
  close(): Promise<void>;
}

export function runUntilSignalled(logger: Logger, start: () => Promise<Stoppable>, shutdownTimeoutMs = 15_000): void {
  let running: Stoppable | undefined;
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { reason });
    const timer = setTimeout(() => {
      logger.error('shutdown timed out, exiting', { timeoutMs: shutdownTimeoutMs });
      process.exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    try {
      await running?.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error('shutdown failed', { error });
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (process.send) process.once('disconnect', () => void stop('launcher exited'));
  start()
    .then((service) => {
      running = service;
      if (stopping) void service.close();
    })
    .catch((error) => {
      logger.error('failed to start', { error });
      process.exit(1);
    });
}
