import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText, resolveDatabase, resolveDatabasePath, type DatabaseTarget } from '../../src/config/load-config.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const run = promisify(execFile);

function problemsOf(database: string): string[] {
  try {
    parseConfigText(JSON.stringify({ database, sources: [{ id: 'a', url: 'https://e.org/f', kind: 'wire' }] }), '/srv/wd/feeds.config.json');
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message.split('\n');
  }
}

function targetOf(database: string): DatabaseTarget {
  return resolveDatabase(parseConfigText(JSON.stringify({ database, sources: [{ id: 'a', url: 'https://e.org/f', kind: 'wire' }] }), '/srv/wd/feeds.config.json'));
}

function pathOf(database: string): string {
  return resolveDatabasePath(parseConfigText(JSON.stringify({ database, sources: [{ id: 'a', url: 'https://e.org/f', kind: 'wire' }] }), '/srv/wd/feeds.config.json'));
}

describe('the database key', () => {
  it('accepts postgres:// and postgresql:// URLs as a PostgreSQL store and refuses a malformed one', () => {
    for (const url of ['postgres://user@host:5432/db', 'postgresql://db.internal/wd', 'postgres://u:p%40ss@10.0.0.5/wd']) {
      expect(problemsOf(url), url).toEqual([]);
      expect(targetOf(url)).toEqual({ kind: 'postgres', url });
    }
    expect(problemsOf('postgres:db.internal/wd')[0]).toMatch(/^feeds\.config\.json: database: write the URL as postgres:\/\/user:password@host:5432\/database/);
    expect(problemsOf('postgres://u:p@ss@[bad/wd')[0]).toMatch(/^feeds\.config\.json: database: is not a valid postgres:\/\/ URL/);
    expect(() => pathOf('postgres://user@host/db')).toThrow(/database: this command runs on a SQLite store only so far/);
  });

  it('lets WIREDESK_DATABASE_URL replace the database key, and names it when its value is refused', () => {
    const text = JSON.stringify({ database: 'data/wd.db', sources: [{ id: 'a', url: 'https://e.org/f', kind: 'wire' }] });
    const loaded = parseConfigText(text, '/srv/wd/feeds.config.json', { WIREDESK_DATABASE_URL: 'postgresql://wd:pw@db/wd' });
    expect(resolveDatabase(loaded)).toEqual({ kind: 'postgres', url: 'postgresql://wd:pw@db/wd' });
    expect(resolveDatabase(parseConfigText(text, '/srv/wd/feeds.config.json', {}))).toEqual({ kind: 'sqlite', path: '/srv/wd/data/wd.db' });
    expect(() => parseConfigText(text, '/srv/wd/feeds.config.json', { WIREDESK_DATABASE_URL: 'mysql://h/db' }))
      .toThrow(/^feeds\.config\.json: database \(from WIREDESK_DATABASE_URL\): "mysql:" URLs are not supported/);
  });

  it('refuses other URL schemes and folders, and accepts file paths, file: URLs and :memory:', () => {
    expect(problemsOf('mysql://h/db')[0]).toMatch(/^feeds\.config\.json: database: "mysql:" URLs are not supported; .*"\.\/mysql:\/\/h\/db"/);
    expect(problemsOf('data/')[0]).toMatch(/^feeds\.config\.json: database: names a folder/);
    expect(problemsOf('file:data/wd.db?mode=ro')[0]).toMatch(/database: a file: URL must name the file only/);
    for (const ok of ['data/wiredesk.db', './odd:name.db', '/var/lib/wd.db', 'C:\\wd\\wd.db', 'file:///var/lib/wd.db', 'file:data/wd.db', ':memory:']) {
      expect(problemsOf(ok), ok).toEqual([]);
    }
    expect(pathOf('file:///var/lib/wd.db')).toBe('/var/lib/wd.db');
    expect(pathOf('file:data/wd.db')).toBe('/srv/wd/data/wd.db');
    expect(pathOf('data/wd.db')).toBe('/srv/wd/data/wd.db');
  });

  it('makes check and ingest exit 2 on an unsupported scheme without creating a "mysql:" folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-db-'));
    const config = join(dir, 'feeds.config.json');
    writeFileSync(config, JSON.stringify({ database: 'mysql://user@host:3306/db', sources: [{ id: 'a', url: 'feed.rss', kind: 'wire' }] }));
    for (const command of ['check', 'ingest']) {
      const failure = await run(process.execPath, [CLI, command, '--config', config], { cwd: dir, timeout: 60_000 }).then(
        () => null, (err: unknown) => err as { code: number; stderr: string });
      expect(failure?.code, command).toBe(2);
      expect(failure?.stderr).toContain('feeds.config.json: database: "mysql:" URLs are not supported');
    }
    expect(existsSync(join(dir, 'mysql:'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['feeds.config.json']);
  });
});
