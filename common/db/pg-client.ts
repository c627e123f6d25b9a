/**
 * The node-postgres client under a connected TypeORM query runner, for what TypeORM does not
 * wrap: COPY streams (pg-copy-streams). TypeORM keeps it in an undocumented field; this is the
 * one place that knows.
 */
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';

export function pgClientOf(runner: QueryRunner): PoolClient {
  const client = (runner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
  if (!client) throw new Error('the query runner is not connected (call connect() first)');
  return client;
}

/**
 * work_mem for the bulk statements (a county's loans and lines hashed in memory: the 4 MB default
 * spills to disk), set with SET LOCAL inside their transaction only.
 */
export const BULK_WORK_MEM = '256MB';
