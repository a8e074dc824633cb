/**
 * What a PostgreSQL worker does besides storing items, on a real database and real servers on
 * 127.0.0.x: the pages cache and the alerts port (the same contract as SQLite's), webhooks and
 * WebSub pings sent once by two workers, a failing receiver retried, a full-text source fetching
 * each article page once over two refreshes, and kills and rejections kept as SQLite keeps them.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { runPgIngest } from '../../src/ingest/pg-ingest.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { startPgSideJobs } from '../../src/service/webhook-pg-loop.js';
import { enqueueStoryAlerts } from '../../src/store-pg/clusterer-store.js';
import { openPgDatabase, type PgDatabase } from '../../src/store-pg/connection.js';
import { createPgCuratePort } from '../../src/store-pg/curate-reads.js';
import { createPgAlertsPort } from '../../src/store-pg/outbox.js';
import { createPgPagesPort } from '../../src/store-pg/pages.js';
import { recentPgWireEvents } from '../../src/store-pg/wire-events.js';
import { startHubStub, type HubStub } from '../e2e/hub-stub.js';
import { rssFeed } from '../faults/hostile-routes.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { createTestDatabase, describePg, dropTestDatabase } from '../helpers/pg.js';
import { tempStore } from '../helpers/temp-store.js';
import { sideJobPortsContract } from '../store/side-job-ports.contract.js';

const log = silentLogger();
const SECRET = 'receiver-shared-secret-42';
const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (seconds: number) => () => new Date(T0 + seconds * 1000);
const PAGES = new URL('../../data/samples/pages/', import.meta.url).pathname;
const WIRE = join(import.meta.dirname, '../fixtures/wire');

let url = '';
let db: PgDatabase;
let other: PgDatabase;

/** A webhook receiver counting what it accepted per Idempotency-Key; `failFirst` answers 500 to each key's first POST. */
function receiverRoute(accepted: Map<string, number>, attempts: string[], failFirst: boolean) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      const signed = req.headers['x-wiredesk-signature'] === `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      const first = !attempts.includes(key);
      attempts.push(key);
      if (!signed || (failFirst && first)) return void res.writeHead(500).end('down');
      accepted.set(key, (accepted.get(key) ?? 0) + 1);
      res.writeHead(202).end('ok');
    });
  };
}

function config(sources: object[], extra: object = {}): LoadedConfig {
  return parseConfigText(JSON.stringify({ database: url, retention: { days: 36500 }, fetch: { timeoutMs: 3000 }, sources, feeds: [], ...extra }), '/tmp/feeds.config.json');
}

describePg('a PostgreSQL worker\'s side jobs', () => {
  beforeAll(async () => {
    url = await createTestDatabase('sidejobs');
    db = await openPgDatabase(url, { max: 4 });
    other = await openPgDatabase(url, { max: 2, migrate: false });
  });
  afterAll(async () => {
    await other?.close();
    await db?.close();
    if (url) await dropTestDatabase(url);
  });

  sideJobPortsContract('PostgreSQL', async () => ({
    pages: createPgPagesPort(db.pool),
    alerts: createPgAlertsPort(db, createPgCuratePort(db.pool)),
    enqueue: (storyId, at) => db.transaction('enqueue', (client) => enqueueStoryAlerts(client, [storyId], at)),
  }));

  describe('webhooks and WebSub from two workers', () => {
    const good = { accepted: new Map<string, number>(), attempts: [] as string[] };
    const flaky = { accepted: new Map<string, number>(), attempts: [] as string[] };
    let servers: FixtureServer[] = [];
    let hub: HubStub;
    let loaded: LoadedConfig;
    beforeAll(async () => {
      await db.pool.query('DELETE FROM webhook_deliveries');
      const items = [1, 2, 3].map((n) => ({ guid: `w${n}`, title: `Harbour story number ${n} of the day`, body: `Harbour story ${n} told in plain words for the desk.` }));
      servers = await Promise.all([
        startFixtureServer({ '/wire.rss': (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire', items)) }),
        startFixtureServer({ '/hook': receiverRoute(good.accepted, good.attempts, false) }),
        startFixtureServer({ '/hook': receiverRoute(flaky.accepted, flaky.attempts, true) }, '127.0.0.2'),
      ]);
      hub = await startHubStub();
      const [feeds, receiver, flakyReceiver] = servers as [FixtureServer, FixtureServer, FixtureServer];
      loaded = config([{ id: 'wire', url: feeds.url('/wire.rss'), kind: 'wire' }], {
        server: { baseUrl: 'https://desk.example' }, websub: { hub: hub.url },
        feeds: [{ id: 'desk', title: 'Desk', webhooks: [{ url: receiver.url('/hook'), secret: SECRET }, { url: flakyReceiver.url('/hook'), secret: SECRET }] }],
      });
      await runPgIngest(loaded, db, log, { all: true, now: at(0) });
      // The elected clusterer queues the alerts once it has placed the items; here, as it would.
      const { rows } = await db.pool.query<{ story_id: string }>(`SELECT story_id FROM items ORDER BY commit_seq`);
      await db.transaction('enqueue', (client) => enqueueStoryAlerts(client, rows.map((r) => r.story_id), at(0)().toISOString()));
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
      await hub?.close();
    });

    const passes = async (seconds: number) => {
      const workers = [db, other].map((d) => startPgSideJobs(loaded.config, d, log, { timers: false, now: at(seconds), random: () => 0.5 }));
      await Promise.all([...workers, ...workers].map((w) => w.kick()));
      await Promise.all(workers.map((w) => w.close()));
    };

    it('delivers each alert once to each webhook and pings the hub once per feed, whichever worker runs first', async () => {
      await passes(0);
      expect([...good.accepted.values()]).toEqual([1, 1, 1]);
      expect(good.attempts).toHaveLength(3);
      // The failing receiver was tried once per alert, each by one worker.
      expect(new Set(flaky.attempts).size).toBe(3);
      expect(flaky.attempts).toHaveLength(3);
      expect(hub.pings.flatMap((p) => p.urls).sort()).toEqual(['https://desk.example/feeds/desk.atom', 'https://desk.example/feeds/desk.json', 'https://desk.example/feeds/desk.rss']);
      const { rows } = await db.pool.query<{ n: string }>(`SELECT (SELECT count(*) FROM websub_outbox) + (SELECT count(*) FROM alert_outbox) AS n`);
      expect(Number(rows[0]?.n)).toBe(0);
    });

    it('retries the failed deliveries after their backoff, once, and sends nothing twice', async () => {
      await passes(10);
      expect(flaky.attempts).toHaveLength(3);
      await passes(31);
      expect(flaky.attempts).toHaveLength(6);
      expect([...flaky.accepted.values()]).toEqual([1, 1, 1]);
      await passes(100_000);
      expect(good.attempts).toHaveLength(3);
      expect(flaky.attempts).toHaveLength(6);
      expect(hub.pings).toHaveLength(3);
      const { rows } = await db.pool.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM webhook_deliveries ORDER BY attempts, key`);
      expect(rows.map((r) => `${r.status}:${r.attempts}`)).toEqual([...Array(3).fill('delivered:1'), ...Array(3).fill('delivered:2')]);
    });
  });

  it('fetches each article page of a full-text source once over two refreshes', async () => {
    const page = (name: string) => (_q: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(readFileSync(join(PAGES, name), 'utf8'));
    const server = await startFixtureServer({
      '/summaries.rss': (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><link>/</link>
<item><title>Marseille : la flamme olympique arrivera au Vieux-Port</title><link>/news/marseille.html</link><guid>m-1</guid><pubDate>Wed, 17 Apr 2024 09:45:00 GMT</pubDate><description>150 000 personnes attendues.</description></item>
<item><title>Grève à la SNCF en Occitanie</title><link>/news/greve.html</link><guid>g-1</guid><pubDate>Tue, 16 Apr 2024 16:30:00 GMT</pubDate><description>Un train sur trois.</description></item>
</channel></rss>`),
      '/news/marseille.html': page('marseille-flamme-olympique.html'),
      '/news/greve.html': page('greve-sncf-ter-occitanie.html'),
    });
    try {
      const loaded = config([{ id: 'summaries', url: server.url('/summaries.rss'), kind: 'partner', language: 'fr', timezone: 'Europe/Paris', fullText: true,
        scrape: { body: '.article-body', remove: ['.loading', '.voir-plus'] } }]);
      await runPgIngest(loaded, db, log, { sourceIds: ['summaries'] });
      await runPgIngest(loaded, db, log, { sourceIds: ['summaries'] });
      expect(server.requests.map((r) => r.path).sort()).toEqual(['/news/greve.html', '/news/marseille.html', '/summaries.rss', '/summaries.rss']);
      const { rows } = await db.pool.query<{ n: number }>(`SELECT length(content_text) AS n FROM items WHERE source_id = 'summaries'`);
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.n).every((n) => n > 300)).toBe(true);
      expect(Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM pages WHERE url LIKE $1`, [`${server.base}/%`])).rows[0]?.n)).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('keeps kills and rejected references as the same wire events rows as SQLite', async () => {
    const fixture = (name: string) => (_q: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'application/xml' }).end(readFileSync(join(WIRE, name)));
    const server = await startFixtureServer({ '/g2.xml': fixture('newsml-item-kill.xml'), '/nitf.xml': fixture('nitf-kill.xml'), '/msg.xml': fixture('newsml-message.xml') });
    const { store, path } = tempStore();
    try {
      const sources = [
        { id: 'wbx', url: server.url('/g2.xml'), kind: 'wire', type: 'newsml' },
        { id: 'nord', url: server.url('/nitf.xml'), kind: 'wire', type: 'nitf' },
        { id: 'msg', url: server.url('/msg.xml'), kind: 'wire', type: 'newsml' },
      ];
      const onPg = config(sources);
      await runPgIngest(onPg, db, log, { sourceIds: ['wbx', 'nord', 'msg'] });
      await runPgIngest(onPg, db, log, { sourceIds: ['wbx', 'nord', 'msg'] });
      await runIngest({ ...onPg, config: { ...onPg.config, database: path } }, store, log, { all: true });
      const rows = (await recentPgWireEvents(db.pool, 100)).map(({ firstAt: _f, lastAt: _l, ...event }) => event);
      const expected = store.wire.recentEvents(100).map(({ firstAt: _f, lastAt: _l, ...event }) => event);
      const key = (e: { sourceId: string; kind: string; ref: string }) => `${e.sourceId}/${e.kind}/${e.ref}`;
      expect([...rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
      expect(expected.filter((e) => e.kind === 'killed').map((e) => e.sourceId).sort()).toEqual(['nord', 'wbx']);
      expect(expected.some((e) => e.kind === 'rejected')).toBe(true);
    } finally {
      store.close();
      await server.close();
    }
  });
});
