/**
 * Two `wiredesk start --role web` processes on one PostgreSQL database serve identical bytes, and
 * both show a commit written by a third process, without a restart.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg } from '../helpers/pg.js';
import { migratedSample, type MigratedSample } from '../store-pg/migrated-sample.js';

const CLI = resolve('dist/cli.js');
const children: ChildProcess[] = [];
let sample: MigratedSample;
let urls: string[] = [];
let configPath = '';

function startWeb(config: string): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'start', '--role', 'web', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WIREDESK_LOG_LEVEL: 'warn' } });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
  return new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /serving (http:\/\/[^/\s]+)\/feeds\//.exec(out)?.[1];
      if (url) resolveUrl(url);
    });
    child.once('exit', (code) => reject(new Error(`web node exited ${code}: ${err}`)));
  });
}

/** A third process commits a change the way a worker does: the item, the generation, a NOTIFY. */
function commitTitleChange(url: string, itemId: string, title: string): Promise<void> {
  const script = `import pg from 'pg';
    const c = new pg.Client({ connectionString: process.env.DB }); await c.connect();
    await c.query('BEGIN');
    await c.query('UPDATE items SET title = $1 WHERE id = $2', [process.env.TITLE, process.env.ITEM]);
    const { rows } = await c.query("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation' RETURNING value");
    await c.query("SELECT pg_notify('wiredesk_generation', $1)", [rows[0].value]);
    await c.query('COMMIT'); await c.end();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit', env: { ...process.env, DB: url, ITEM: itemId, TITLE: title } });
  return new Promise((done, fail) => child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`writer exited ${code}`)))));
}

const body = async (url: string, path: string) => (await fetch(`${url}${path}`)).text();

describePg('web replicas on PostgreSQL', () => {
  beforeAll(async () => {
    expect(existsSync(CLI), 'run `npm run build` first: this test spawns the real CLI').toBe(true);
    sample = await migratedSample();
    const config = JSON.parse(JSON.stringify({ ...sample.loaded.config, database: sample.url })) as Record<string, unknown>;
    // One public name for both replicas, as behind a load balancer: self links must not name a replica.
    config['server'] = { host: '127.0.0.1', port: 0, baseUrl: 'https://news.example' };
    const path = join(sample.dir, 'pg.config.json');
    writeFileSync(path, JSON.stringify(config));
    configPath = path;
    urls = await Promise.all([startWeb(path), startWeb(path)]);
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => new Promise((done) => {
      if (c.exitCode !== null) return done(null);
      c.once('exit', done);
      c.kill('SIGTERM');
    })));
    await sample?.close();
  });

  it('serve identical bytes for the same feed', async () => {
    for (const path of ['/feeds/francais.atom', '/feeds/world-wires.json', '/feeds/weather.rss', '/search.json?q=kenya']) {
      const [a, b] = await Promise.all(urls.map((u) => body(u, path)));
      expect(a, path).toBe(b);
      expect(a?.length, path).toBeGreaterThan(300);
    }
    expect(urls[0]).not.toBe(urls[1]);
  });

  it('both show a commit written by another process, without a restart', async () => {
    const { rows } = await sample.db.pool.query<{ id: string; title: string }>(`SELECT i.id, i.title FROM items i
      JOIN stories s ON s.canonical_item_id = i.id WHERE i.language = 'fr' ORDER BY i.sort_date COLLATE "C" DESC LIMIT 1`);
    const item = rows[0]!;
    const before = await Promise.all(urls.map((u) => body(u, '/feeds/francais.atom')));
    expect(before.every((b) => b.includes(item.title.slice(0, 20)))).toBe(true);
    await commitTitleChange(sample.url, item.id, 'Titre corrigé par la rédaction');
    for (const url of urls) {
      await expect.poll(() => body(url, '/feeds/francais.atom'), { timeout: 15_000, interval: 200 }).toContain('Titre corrigé par la rédaction');
    }
    const [a, b] = await Promise.all(urls.map((u) => body(u, '/feeds/francais.atom')));
    expect(a).toBe(b);
  });

  it('build on the same database writes the bytes the replicas serve', async () => {
    const names = ['francais.atom', 'weather.json', 'world-wires.rss'];
    const served = await Promise.all(names.map((name) => body(urls[0]!, `/feeds/${name}`)));
    const out = join(sample.dir, 'site');
    const run = spawnSync(process.execPath, [CLI, 'build', '--out', out, '--config', configPath], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    names.forEach((name, i) => expect(readFileSync(join(out, name), 'utf8'), name).toBe(served[i]));
  });
});
