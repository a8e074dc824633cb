import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { credentialsFor } from '../../src/fetch/credentials.js';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { rssFeed } from '../faults/hostile-routes.js';
import { fetchFailure, lastRequestTo, startFixtureServer, type FixtureServer, type Route } from './fixture-server.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';

const PASSWORD = 'correct-horse-battery';
const API_KEY = 'key-4f1c9e';
const EXPECTED = `Basic ${Buffer.from(`desk:${PASSWORD}`).toString('base64')}`;
const LIMITS = { timeoutMs: 3000, maxBytes: 1 << 20 };

let agency: FixtureServer;
let elsewhere: FixtureServer;

const feed = rssFeed('Agency', [{ guid: 'a1', title: 'Licensed wire story' }]);
const requireBasic: Route = (req, res) => {
  if (req.headers.authorization !== EXPECTED) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="agency"' }).end('no');
  res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
};

beforeAll(async () => {
  elsewhere = await startFixtureServer({
    '/feed': (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed),
    '/back': (_q, res) => void res.writeHead(302, { location: agency.url('/feed') }).end(),
  });
  agency = await startFixtureServer({
    '/feed': requireBasic,
    '/same': (_q, res) => void res.writeHead(302, { location: '/feed' }).end(),
    '/away': (_q, res) => void res.writeHead(302, { location: elsewhere.url('/feed') }).end(),
    '/away-and-back': (_q, res) => void res.writeHead(302, { location: elsewhere.url('/back') }).end(),
  });
});
afterAll(async () => {
  await agency.close();
  await elsewhere.close();
});

const credentials = () => credentialsFor({ headers: { 'X-Api-Key': API_KEY }, auth: { basic: { username: 'desk', password: PASSWORD } } }, agency.url('/feed'));

describe('source credentials', () => {
  it('sends basic auth and configured headers to the source, which then answers', async () => {
    const result = await fetchResource(agency.url('/feed'), { ...LIMITS, credentials: credentials() });
    expect(result.status).toBe(200);
    expect(lastRequestTo(agency, '/feed')?.headers['x-api-key']).toBe(API_KEY);
    expect((await fetchFailure(agency.url('/feed'), LIMITS)).status).toBe(401);
  });

  it('keeps them across a redirect on the same origin', async () => {
    const result = await fetchResource(agency.url('/same'), { ...LIMITS, credentials: credentials() });
    expect(result.status).toBe(200);
    expect(lastRequestTo(agency, '/feed')?.headers.authorization).toBe(EXPECTED);
  });

  it('never forwards them after a cross-origin redirect', async () => {
    const result = await fetchResource(agency.url('/away'), { ...LIMITS, credentials: credentials() });
    expect(result.url).toBe(elsewhere.url('/feed'));
    const seen = lastRequestTo(elsewhere, '/feed')?.headers;
    expect(seen).toBeDefined();
    expect(seen?.authorization).toBeUndefined();
    expect(seen?.['x-api-key']).toBeUndefined();
    expect(lastRequestTo(agency, '/away')?.headers.authorization).toBe(EXPECTED);
  });

  it('does not send them again when a later hop returns to the source origin', async () => {
    const err = await fetchFailure(agency.url('/away-and-back'), { ...LIMITS, credentials: credentials() });
    expect(err.status).toBe(401);
    expect(lastRequestTo(agency, '/feed')?.headers.authorization).toBeUndefined();
  });

  it('is bound to an origin: a different port or scheme is another origin', () => {
    const creds = credentials();
    expect(creds?.origin).toBe(agency.base);
    expect(credentialsFor({ auth: { bearer: 't' } }, 'file:///tmp/feed.xml')).toBeNull();
    expect(credentialsFor({}, agency.url('/feed'))).toBeNull();
  });
});

describe('ingest of a source behind basic auth', () => {
  function loadedWith(env: Record<string, string>) {
    const path = join(mkdtempSync(join(tmpdir(), 'wd-cred-')), 'wd.db');
    const json = {
      database: path, fetch: { timeoutMs: 3000 }, retention: { days: 36500 },
      sources: [{ id: 'agency', url: agency.url('/feed'), kind: 'wire', auth: { basic: { username: 'desk', password: '${AGENCY_PASS}' } } }],
    };
    return parseConfigText(JSON.stringify(json), '/tmp/feeds.config.json', env);
  }

  it('stores the items when the environment holds the password, and the error never shows the secret when it is wrong', async () => {
    for (const [password, status] of [[PASSWORD, 'updated'], ['wrong-password-xyz', 'failed']] as const) {
      const loaded = loadedWith({ AGENCY_PASS: password });
      const store = openStore(loaded.config.database);
      try {
        const report = await runIngest(loaded, store, silentLogger(), { all: true });
        const outcome = report.skipped ? null : report.outcomes[0];
        expect(outcome?.status).toBe(status);
        if (outcome?.status === 'failed') {
          expect(outcome.error.status).toBe(401);
          const stored = store.sources.get('agency')?.lastError ?? '';
          expect(stored).toContain('401');
          for (const text of [outcome.error.message, stored]) {
            expect(text).not.toContain(password);
            expect(text).not.toContain(Buffer.from(`desk:${password}`).toString('base64'));
          }
        } else {
          expect(store.items.count()).toBe(1);
        }
      } finally {
        store.close();
      }
    }
  });
});
