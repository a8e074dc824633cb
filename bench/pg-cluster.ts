/**
 * A throwaway PostgreSQL cluster for a bench run (initdb in a temp folder as the `postgres` user
 * when root, fsync off, loopback only, a free port). Returns its superuser URL and a stop function.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';

function run(args: string[], asPostgres: boolean): void {
  if (!asPostgres) {
    execFileSync(args[0] as string, args.slice(1), { stdio: 'pipe' });
    return;
  }
  execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', args.map((a) => `'${a}'`).join(' ')], { stdio: 'pipe' });
}

/** A free loopback port (for a cluster, a web node). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

export async function startBenchCluster(): Promise<{ url: string; stop: () => void }> {
  if (!existsSync(join(BIN, 'initdb'))) throw new Error(`bench: PostgreSQL 15 binaries not found in ${BIN}`);
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-pg-'));
  if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  const port = await freePort();
  run([join(BIN, 'initdb'), '--no-sync', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '-D', join(dir, 'data')], asPostgres);
  const options = `-p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c listen_addresses=127.0.0.1 -c max_connections=300`;
  run([join(BIN, 'pg_ctl'), '-D', join(dir, 'data'), '-o', options, '-l', join(dir, 'log'), '-w', 'start'], asPostgres);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run([join(BIN, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], asPostgres);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One short-lived client on `url` for `fn`, always closed (benches and tests). */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The rows of one statement on a short-lived client. */
export function queryOnce<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return withPgClient(url, async (client) => (await client.query<T>(sql)).rows);
}
