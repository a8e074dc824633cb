/**
 * The PostgreSQL connection: one `pg` Pool per process, opened and migrated before use. Errors
 * come out as STORE_FAILED with the URL's password redacted; idle-client errors (a restarted
 * server) are logged, never thrown into the event loop.
 */
import pg from 'pg';
import { explainPgError, redactUrl } from './pg-errors.js';
import { migratePg } from './migrate.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;
/** What both a Pool and a checked-out client can do: run one query. */
export type PgQueryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export interface PgOpenOptions {
  /** Pool size (default 8). */
  max?: number;
  applicationName?: string;
  /** Skip the migration step (for tools that only read an already migrated database). */
  migrate?: boolean;
  onIdleError?: (message: string) => void;
}

export interface PgDatabase {
  pool: PgPool;
  /** The URL with its password redacted, for logs and messages. */
  safeUrl: string;
  /** The schema version after migration. */
  version: number;
  /** Runs fn in one transaction on one client (ROLLBACK on any failure); errors become STORE_FAILED. */
  transaction<T>(what: string, fn: (client: PgClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

export async function openPgDatabase(url: string, options: PgOpenOptions = {}): Promise<PgDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 8,
    application_name: options.applicationName ?? 'wiredesk',
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (err) => options.onIdleError?.(explainPgError(err, 'keep an idle connection', url).message));
  let version = 0;
  try {
    version = options.migrate === false ? 0 : await migratePg(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw explainPgError(err, 'open and migrate the database', url);
  }
  return {
    pool,
    safeUrl: redactUrl(url),
    version,
    transaction: (what, fn) => inTransaction(pool, url, what, fn),
    close: () => pool.end(),
  };
}

export async function inTransaction<T>(pool: PgPool, url: string, what: string, fn: (client: PgClient) => Promise<T>): Promise<T> {
  let client: PgClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw explainPgError(err, what, url);
  }
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A client whose ROLLBACK fails (connection lost) is dropped, never handed out again.
    broken = await client.query('ROLLBACK').then(() => false, () => true);
    throw explainPgError(err, what, url);
  } finally {
    client.release(broken);
  }
}
