import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText, resolveDatabasePath } from '../../src/config/load-config.js';

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

function pathOf(database: string): string {
  return resolveDatabasePath(parseConfigText(JSON.stringify({ database, sources: [{ id: 'a', url: 'https://e.org/f', kind: 'wire' }] }), '/srv/wd/feeds.config.json'));
}

describe('the database key', () => {
  it('refuses a postgres:// URL with its key path, saying PostgreSQL is not supported yet', () => {
    for (const url of ['postgres://user@host:5432/db', 'postgresql://db.internal/wd']) {
      const problems = problemsOf(url);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^feeds\.config\.json: database: postgres(ql)?:\/\/ URLs need the PostgreSQL backend, which this version does not have yet/);
    }
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

  it('makes check and ingest exit 2 without creating a "postgres:" folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-db-'));
    const config = join(dir, 'feeds.config.json');
    writeFileSync(config, JSON.stringify({ database: 'postgres://user@host:5432/db', sources: [{ id: 'a', url: 'feed.rss', kind: 'wire' }] }));
    for (const command of ['check', 'ingest']) {
      const failure = await run(process.execPath, [CLI, command, '--config', config], { cwd: dir, timeout: 60_000 }).then(
        () => null, (err: unknown) => err as { code: number; stderr: string });
      expect(failure?.code, command).toBe(2);
      expect(failure?.stderr).toContain('feeds.config.json: database: postgres:// URLs need the PostgreSQL backend');
    }
    expect(existsSync(join(dir, 'postgres:'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['feeds.config.json']);
  });
});
