import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import type { FetchOptions } from '../../src/fetch/fetch-resource.js';
import type { WiredeskError } from '../../src/model/errors.js';
import { startFixtureServer, fetchFailure } from './fixture-server.js';
import type { FixtureServer, Route } from './fixture-server.js';

const OPTIONS: FetchOptions = { timeoutMs: 2000, maxBytes: 1 << 20 };
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';

const redirect =
  (status: number, location: string): Route =>
  (_req, res) =>
    res.writeHead(status, { location }).end();

/** /chain/N redirects to /chain/N-1 … /chain/0 answers: N hops in all. */
const chain: Route = (req, res) => {
  const n = Number(req.url?.split('/').at(-1));
  if (n === 0) res.writeHead(200).end(FEED);
  else res.writeHead(302, { location: `/chain/${n - 1}` }).end();
};

let server: FixtureServer;

beforeAll(async () => {
  const routes: Record<string, Route> = {
    '/feed.rss': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED),
    // Relative Locations on purpose: they must resolve against the URL that sent them.
    '/old/feed': redirect(301, '../moved/feed'),
    '/moved/feed': redirect(308, '/feed.rss'),
    '/temporary': redirect(302, '/feed.rss'),
    '/see-other': redirect(303, 'feed.rss'),
    '/perm-then-temp': redirect(301, '/temporary'),
    '/temp-then-perm': redirect(307, '/old/feed'),
    '/loop-a': redirect(302, '/loop-b'),
    '/loop-b': redirect(302, '/loop-a'),
    '/to-file': redirect(302, 'file:///etc/passwd'),
    '/no-location': (_req, res) => res.writeHead(301).end(),
  };
  for (let n = 0; n <= 6; n += 1) routes[`/chain/${n}`] = chain;
  server = await startFixtureServer(routes);
});

afterAll(async () => {
  await server.close();
});

function failure(url: string, options: FetchOptions = OPTIONS): Promise<WiredeskError> {
  return fetchFailure(url, options);
}

describe('fetchResource redirects', () => {
  it('follows a 301 then 308 chain and reports the final URL as the permanent redirect', async () => {
    const result = await fetchResource(server.url('/old/feed'), OPTIONS);
    expect(result.status).toBe(200);
    expect(result.url).toBe(server.url('/feed.rss'));
    expect(result.permanentRedirect).toBe(server.url('/feed.rss'));
    expect(result.body.toString()).toBe(FEED);
  });

  it('does not report a 302 as permanent', async () => {
    const result = await fetchResource(server.url('/temporary'), OPTIONS);
    expect(result.url).toBe(server.url('/feed.rss'));
    expect(result.permanentRedirect).toBeNull();
  });

  it('follows a 303 with a relative Location', async () => {
    expect((await fetchResource(server.url('/see-other'), OPTIONS)).url).toBe(server.url('/feed.rss'));
  });

  it('reports only the permanent part of a 301 followed by a 302', async () => {
    const result = await fetchResource(server.url('/perm-then-temp'), OPTIONS);
    expect(result.url).toBe(server.url('/feed.rss'));
    expect(result.permanentRedirect).toBe(server.url('/temporary'));
  });

  it('reports no permanent redirect when the chain begins with a temporary one', async () => {
    const result = await fetchResource(server.url('/temp-then-perm'), OPTIONS);
    expect(result.url).toBe(server.url('/feed.rss'));
    expect(result.permanentRedirect).toBeNull();
  });

  it('follows exactly five redirects by default', async () => {
    expect((await fetchResource(server.url('/chain/5'), OPTIONS)).url).toBe(server.url('/chain/0'));
  });

  it('fails with FETCH_TOO_MANY_REDIRECTS on the sixth redirect', async () => {
    const err = await failure(server.url('/chain/6'));
    expect(err.code).toBe('FETCH_TOO_MANY_REDIRECTS');
    expect(err.message).toMatch(/^fetch: .* more than 5 times/);
  });

  it('honours a smaller maxRedirects', async () => {
    expect((await failure(server.url('/chain/2'), { ...OPTIONS, maxRedirects: 1 })).code).toBe('FETCH_TOO_MANY_REDIRECTS');
  });

  it('detects a redirect loop as FETCH_TOO_MANY_REDIRECTS before the hop limit', async () => {
    const before = server.requests.length;
    const err = await failure(server.url('/loop-a'), { ...OPTIONS, maxRedirects: 50 });
    expect(err.code).toBe('FETCH_TOO_MANY_REDIRECTS');
    expect(err.message).toContain('loop');
    expect(server.requests.length - before).toBe(2);
  });

  it('never follows a redirect to a file: URL', async () => {
    const err = await failure(server.url('/to-file'));
    expect(err.code).toBe('FETCH_BAD_URL');
    expect(err.message).toContain('only http(s) redirects are followed');
  });

  it('reports a redirect without Location as FETCH_HTTP_STATUS', async () => {
    expect(await failure(server.url('/no-location'))).toMatchObject({ code: 'FETCH_HTTP_STATUS', status: 301 });
  });
});
