/**
 * Reads from a streaming replica, when one is configured (DATABASE_REPLICA_URL…): the data
 * source is built with TypeORM's replication setting, and TypeORM asks for a replica ("slave")
 * connection only for a plain read outside any transaction. On top of that, a read goes to the
 * replica only
 *   - inside a GraphQL query operation (request-scope.ts: never in a mutation, an upload or a
 *     job, so a write and the read after it always meet on the primary: read-your-writes), and
 *   - while the replica is at most `maxLagMs` behind; else the primary serves it.
 * The lag is measured, not guessed: every `probeEveryMs` the primary's WAL position is sampled
 * and the replica's replayed position read; the replica is as far behind as the oldest primary
 * sample it has not replayed yet. A replica that does not answer is treated as lagging.
 */
import type { DataSource, ReplicationMode } from 'typeorm';
import type { Logger } from '../logger';
import { inReadOnlyRequest } from '../request-scope';

export interface ReplicaRouting {
  /** How far behind the replica was at the last probe (ms); undefined before the first or when it did not answer. */
  lagMs(): number | undefined;
  /** Whether a read of a query operation goes to the replica now. */
  serving(): boolean;
  /** Reads routed so far, by where they went (tests and logs). */
  routed: { replica: number; primary: number };
  stop(): void;
}

/** A WAL position "16/B374D848" as a number of bytes. */
export function walPosition(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** The replica's lag from the primary's samples (oldest first) and its replayed position: the age of the oldest sample not replayed, else 0. */
export function lagFrom(samples: readonly { at: number; position: bigint }[], replayed: bigint, now: number): number {
  const pending = samples.find((sample) => sample.position > replayed);
  return pending ? now - pending.at : 0;
}

export function routeReadsToReplica(dataSource: DataSource, options: { maxLagMs: number; probeEveryMs?: number; logger?: Logger }): ReplicaRouting {
  const original = dataSource.createQueryRunner.bind(dataSource);
  const samples: { at: number; position: bigint }[] = [];
  let lag: number | undefined;
  let wasServing = false;
  const routed = { replica: 0, primary: 0 };
  const serving = () => lag !== undefined && lag <= options.maxLagMs;

  const probe = async () => {
    if (!dataSource.isInitialized) return;
    const now = Date.now();
    try {
      const [primary] = await dataSource.query('SELECT pg_current_wal_lsn()::text AS lsn');
      samples.push({ at: now, position: walPosition(primary.lsn) });
      // Samples older than the bound say nothing more than "too far behind".
      while (samples.length > 2 && samples[1].at < now - options.maxLagMs * 2) samples.shift();
      const runner = original('slave');
      try {
        const [replica] = await runner.query('SELECT pg_last_wal_replay_lsn()::text AS lsn');
        lag = replica.lsn ? lagFrom(samples, walPosition(replica.lsn), Date.now()) : undefined;
      } finally {
        await runner.release();
      }
    } catch (error) {
      lag = undefined;
      if (wasServing) options.logger?.warn('read replica did not answer: reads go to the primary', { reason: (error as Error).message });
    }
    if (serving() !== wasServing) {
      options.logger?.info(serving() ? 'read replica serving reads' : 'read replica behind: reads go to the primary', {
        lagMs: lag,
        maxLagMs: options.maxLagMs,
      });
      wasServing = serving();
    }
  };
  const timer = setInterval(() => void probe(), options.probeEveryMs ?? 500);
  timer.unref();
  void probe();

  dataSource.createQueryRunner = (mode: ReplicationMode = 'master') => {
    if (mode !== 'slave') return original(mode);
    const toReplica = inReadOnlyRequest() && serving();
    routed[toReplica ? 'replica' : 'primary']++;
    return original(toReplica ? 'slave' : 'master');
  };
  return { lagMs: () => lag, serving, routed, stop: () => clearInterval(timer) };
}
