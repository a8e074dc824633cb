/** Alerts end to end on real servers: ingest → outbox → deliveries → a receiver that fails twice, then accepts. */
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { dispatchAlerts, urgencyOf } from '../../src/service/webhook-dispatch.js';
import { deliverDue } from '../../src/service/webhook-delivery.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { rssFeed } from '../faults/hostile-routes.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';

const SECRET = 'receiver-shared-secret-42';
const T0 = Date.parse('2026-03-01T10:00:00Z');
let wireItems = [{ guid: 'w1', title: 'FLASH Harbour closed after storm', body: 'The harbour closed after the storm hit the coast overnight, officials said.' }];

interface Received { key: string; event: string; body: string; signatureOk: boolean }
const received: Received[] = [];
const accepted = new Map<string, number>();
const failuresLeft = new Map<string, number>();

let feeds: FixtureServer;
let receiver: FixtureServer;
let loaded: LoadedConfig;
let store: Store;

beforeAll(async () => {
  feeds = await startFixtureServer({ '/wire.rss': (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire', wireItems)) });
  receiver = await startFixtureServer({
    '/hook': (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => { body += c; });
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
        received.push({ key, event: String(req.headers['x-wiredesk-event']), body, signatureOk: req.headers['x-wiredesk-signature'] === expected });
        const left = failuresLeft.get(key) ?? 2;
        if (left > 0) {
          failuresLeft.set(key, left - 1);
          return void res.writeHead(500).end('receiver is down');
        }
        accepted.set(key, (accepted.get(key) ?? 0) + 1);
        res.writeHead(accepted.get(key) === 1 ? 202 : 200).end('ok');
      });
    },
  });
  const path = join(mkdtempSync(join(tmpdir(), 'wd-hooks-')), 'wd.db');
  loaded = parseConfigText(JSON.stringify({
    database: path, fetch: { timeoutMs: 3000 },
    sources: [{ id: 'wire', url: feeds.url('/wire.rss'), kind: 'wire' }],
    feeds: [
      { id: 'desk', title: 'Desk', access: 'token', webhooks: [{ url: `${receiver.url('/hook')}?key=\${HOOK_KEY}`, secret: '${HOOK_SECRET}' }] },
      { id: 'partners', title: 'Partners only', include: { kinds: ['partner'] }, webhooks: [{ url: receiver.url('/hook'), secret: SECRET }] },
    ],
  }), '/tmp/feeds.config.json', { HOOK_SECRET: SECRET, HOOK_KEY: 'abc' });
  store = openStore(path);
});

afterAll(async () => {
  store.close();
  await feeds.close();
  await receiver.close();
});

const at = (seconds: number) => () => new Date(T0 + seconds * 1000);
const deliver = (seconds: number) => deliverDue({ config: loaded.config, store, log: silentLogger(), now: at(seconds), random: () => 0.5 });

describe('webhook alerts', () => {
  it('writes the outbox with the items and turns it into one delivery for the feed the story entered', async () => {
    await runIngest(loaded, store, silentLogger(), { all: true, now: at(0) });
    expect(store.alerts.outbox(10)).toHaveLength(1);
    expect(await dispatchAlerts(loaded.config, store, at(0)())).toBe(1);
    expect(store.alerts.outbox(10)).toHaveLength(0);
    expect(store.alerts.summary().map((s) => [s.feedId, s.pending])).toEqual([['desk', 1]]);
  });

  it('retries with backoff through two failures and is accepted exactly once, under one key and one signed body', async () => {
    expect((await deliver(0)).attempted).toBe(1);
    expect((await deliver(10)).attempted).toBe(0);
    expect((await deliver(31)).attempted).toBe(1);
    expect((await deliver(60)).attempted).toBe(0);
    expect(await deliver(92)).toMatchObject({ attempted: 1, delivered: 1 });
    expect((await deliver(100_000)).attempted).toBe(0);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.key)).size).toBe(1);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(received.every((r) => r.signatureOk)).toBe(true);
    expect([...accepted.values()]).toEqual([1]);
    const row = store.alerts.get(received[0]?.key ?? '');
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
  });

  it('sends the story, its canonical item, its versions and its urgency', () => {
    const body = JSON.parse(received[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      event: 'story.new', key: received[0]?.key, urgency: 'flash', feed: { id: 'desk', title: 'Desk' },
      canonical: { source: { id: 'wire', kind: 'wire' }, url: 'https://example.org/w1' },
      story: { versions: 1 },
    });
    expect((body.versions as unknown[]).length).toBe(1);
    expect(urgencyOf({ title: 'Markets close higher', categories: ['Urgent'] })).toBe('urgent');
    expect(urgencyOf({ title: 'Markets close higher', categories: [] })).toBe('normal');
  });

  it('never doubles a delivery when the same state is dispatched again', async () => {
    const storyId = store.alerts.get(received[0]?.key ?? '')?.storyId ?? '';
    store.alerts.enqueue(storyId, at(200)().toISOString());
    expect(await dispatchAlerts(loaded.config, store, at(200)())).toBe(0);
  });

  it('alerts again, as an update with a new key, when a new version of the story comes in', async () => {
    wireItems = [{ ...wireItems[0]!, body: `${wireItems[0]!.body} Ferries stay in port until Monday, the port authority added.` }];
    await runIngest(loaded, store, silentLogger(), { all: true, now: at(300) });
    expect(await dispatchAlerts(loaded.config, store, at(300)())).toBe(1);
    failuresLeft.clear();
    for (const key of store.alerts.due(at(300)().toISOString(), 10).map((d) => d.key)) failuresLeft.set(key, 0);
    expect(await deliver(300)).toMatchObject({ attempted: 1, delivered: 1 });
    const last = received.at(-1);
    expect(last?.event).toBe('story.updated');
    expect(last?.key).not.toBe(received[0]?.key);
    expect([...accepted.values()]).toEqual([1, 1]);
  });

  it('gives up after the last attempt and keeps the reason, without the URL query', async () => {
    wireItems = [{ guid: 'w2', title: 'Airport reopens', body: 'The airport reopened on Tuesday after repairs to the runway were completed.' }];
    await runIngest(loaded, store, silentLogger(), { all: true, now: at(400) });
    await dispatchAlerts(loaded.config, store, at(400)());
    const key = store.alerts.due(at(400)().toISOString(), 10)[0]?.key ?? '';
    failuresLeft.set(key, 1000);
    for (let t = 400; store.alerts.get(key)?.status === 'pending'; t += 4000) await deliver(t);
    const row = store.alerts.get(key);
    expect(row).toMatchObject({ status: 'failed', attempts: 12 });
    expect(row?.lastError).toContain('500 from http://127.0.0.1');
    expect(row?.lastError).not.toContain('key=abc');
  });
});
