/**
 * PostgreSQL for one test file: a fresh database on the run's throwaway cluster (see
 * pg-cluster.ts), dropped at the end. `describePg` skips the suite when the run has no cluster
 * (never under CI, where the global setup fails instead).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { withPgClient } from '../../bench/pg-cluster.js';

export { queryOnce, withPgClient } from '../../bench/pg-cluster.js';

export const pgAdminUrl: string = inject('pgAdminUrl');

export const describePg = pgAdminUrl ? describe : describe.skip;

const admin = <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => withPgClient(pgAdminUrl, fn);

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(prefix = 'wd'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createTestDatabase, ending the sessions still connected to it. */
export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
