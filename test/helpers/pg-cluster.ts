/**
 * Vitest global setup: a throwaway PostgreSQL cluster for the whole run (initdb into a temp
 * folder, fsync off, loopback only), handed to the test files as `pgAdminUrl`. initdb refuses
 * root, so as root it runs as the `postgres` user. Without PostgreSQL binaries the PostgreSQL
 * suites are skipped, except under CI, where the run fails (.ci/run installs them).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's cluster (database `postgres`), or '' when there is none. */
    pgAdminUrl: string;
  }
}

function findBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function runAsOwner(command: string, args: string[], asPostgres: boolean): void {
  if (!asPostgres) {
    execFileSync(command, args, { stdio: 'pipe' });
    return;
  }
  const quoted = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findBinaries();
  if (!bin) {
    if (process.env.CI) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql; .ci/run installs the postgresql package');
    project.provide('pgAdminUrl', '');
    return () => {};
  }
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-pg-'));
  chmodSync(dir, 0o700);
  if (asPostgres) {
    const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const port = await freePort();
  runAsOwner(join(bin, 'initdb'), ['--no-sync', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '-D', dir], asPostgres);
  const options = `-p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -c max_connections=200`;
  runAsOwner(join(bin, 'pg_ctl'), ['-D', dir, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start'], asPostgres);
  project.provide('pgAdminUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      runAsOwner(join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop'], asPostgres);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
