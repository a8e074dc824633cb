/** `kill -9` of the service while a webhook delivery is in flight: the restarted service still delivers it, once accepted. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { request } from '../http/http-client.js';
import { rssFeed } from './hostile-routes.js';

const CLI = resolve('dist/cli.js');
let feeds: FixtureServer;
let receiver: FixtureServer;
let config = '';
let dbPath = '';
let hold = true;
const held: ServerResponse[] = [];
const deliveries: Array<{ key: string; body: string }> = [];
const accepted = new Map<string, number>();

beforeAll(async () => {
  feeds = await startFixtureServer({
    '/wire.rss': (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire', [{ guid: 'k1', title: 'Dam breach floods valley' }])),
  });
  receiver = await startFixtureServer({
    '/hook': (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        deliveries.push({ key, body });
        if (hold) return void held.push(res);
        accepted.set(key, (accepted.get(key) ?? 0) + 1);
        res.writeHead(204).end();
      });
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'wd-kill-hook-'));
  dbPath = join(dir, 'wd.db');
  config = join(dir, 'feeds.config.json');
  writeFileSync(config, JSON.stringify({
    database: dbPath, server: { port: 0 }, retention: { days: 36500 },
    sources: [{ id: 'wire', url: feeds.url('/wire.rss'), kind: 'wire' }],
    feeds: [{ id: 'desk', title: 'Desk', webhooks: [{ url: receiver.url('/hook'), secret: 'kill-test-secret-0123' }] }],
  }));
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await receiver?.close();
  await feeds?.close();
});

function startServiceProcess(): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [CLI, 'start', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WIREDESK_LOG_LEVEL: 'info' } });
  const url = new Promise<string>((done, fail) => {
    let text = '';
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      const found = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(text);
      if (found?.[1]) done(found[1]);
    });
    child.on('exit', () => fail(new Error(`service exited early: ${text}`)));
  });
  return { child, url };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i += 1) await new Promise((r) => setTimeout(r, 100));
  if (!check()) throw new Error('condition never became true');
}

const exited = (child: ChildProcess) => new Promise((done) => child.on('exit', (code, signal) => done(code ?? signal)));

describe('kill -9 between commit and delivery', () => {
  it('delivers after restart, under the same key, accepted exactly once', async () => {
    expect(existsSync(CLI), 'run `npm run build` first: this test spawns the real CLI').toBe(true);
    const first = startServiceProcess();
    await first.url;
    await until(() => deliveries.length === 1);
    const gone = exited(first.child);
    first.child.kill('SIGKILL');
    expect(await gone).toBe('SIGKILL');
    const db = new Database(dbPath, { readonly: true });
    const pending = db.prepare(`SELECT status FROM webhook_deliveries`).all();
    db.close();
    expect(pending).toEqual([{ status: 'pending' }]);

    hold = false;
    const second = startServiceProcess();
    const url = await second.url;
    await until(() => accepted.size === 1);
    const port = Number(new URL(url).port);
    const metrics = (await request(port, '/metrics')).body.toString();
    expect(metrics).toContain('wiredesk_webhook_deliveries{feed="desk",state="delivered"} 1');
    const dashboard = (await request(port, '/')).body.toString();
    expect(dashboard).toContain('<h2>Webhooks</h2>');
    expect(dashboard).not.toContain('kill-test-secret-0123');
    const stopped = exited(second.child);
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);

    expect(deliveries).toHaveLength(2);
    expect(deliveries[1]).toEqual(deliveries[0]);
    expect([...accepted.entries()]).toEqual([[deliveries[0]?.key, 1]]);
  }, 90_000);
});
