/** GET|HEAD /sources.opml and /feeds.opml: the subscription lists, re-rendered only when the store or config changes. */
import { CORS_HEADERS } from './feed-route.js';
import type { IncomingMessage } from 'node:http';
import type { FeedGrant } from '../curate/subscription-lists.js';
import { presentedToken, sendDenied, type AccessDecision } from './access.js';
import type { Route } from './routes.js';
import { makeRepresentation, type Representation } from './representation.js';
import { sendRepresentation } from './respond.js';

export const OPML_PATH = /^\/(sources|feeds)\.opml$/;

export interface OpmlRouteDeps {
  /** With a grant: the feeds list for that token (private feeds it grants, with the token in their URLs). */
  render(list: 'sources' | 'feeds', grant?: FeedGrant): Promise<string>;
  /** The token a request presents, checked; null when it presents none. */
  checkToken?(req: IncomingMessage): AccessDecision | null;
  /** What the lists depend on (store generation, config object): rebuilt only when one of them changes. */
  inputs(): readonly unknown[];
  contentType: string;
  maxAgeSeconds: number;
  /** Clock for Last-Modified, in ms. */
  now?: () => number;
}

interface Cached {
  inputs: readonly unknown[];
  rep: Representation;
}

export function createOpmlRoute(deps: OpmlRouteDeps): Route {
  const cache = new Map<string, Cached>();
  const now = deps.now ?? Date.now;
  async function get(list: 'sources' | 'feeds'): Promise<Representation> {
    const inputs = deps.inputs();
    const known = cache.get(list);
    if (known !== undefined && inputs.every((value, i) => value === known.inputs[i])) return known.rep;
    const body = Buffer.from(await deps.render(list), 'utf8');
    // Same bytes: same validators, so clients keep getting 304s across ingests.
    const rep = known !== undefined && known.rep.body.equals(body)
      ? known.rep
      : makeRepresentation(body, deps.contentType, new Date(Math.floor(now() / 1000) * 1000).toUTCString());
    cache.set(list, { inputs, rep });
    return rep;
  }
  return {
    method: ['GET', 'HEAD'],
    path: OPML_PATH,
    async handle(req, res, match) {
      const list = match?.[1] === 'sources' ? 'sources' : 'feeds';
      const access = list === 'feeds' ? deps.checkToken?.(req) ?? null : null;
      if (access !== null && !access.ok) return sendDenied(res, access);
      if (access !== null) {
        // A reader's own list, with its token: never cached here nor by shared caches.
        // The reader's own token goes into its URLs; the admin token never does.
        const token = access.token === null ? null : presentedToken(req);
        const body = Buffer.from(await deps.render(list, { feeds: access.feeds, token }), 'utf8');
        const rep = makeRepresentation(body, deps.contentType, new Date(Math.floor(now() / 1000) * 1000).toUTCString());
        return sendRepresentation(req, res, rep, { cacheControl: 'private, no-store', extra: CORS_HEADERS });
      }
      sendRepresentation(req, res, await get(list), { cacheControl: `public, max-age=${deps.maxAgeSeconds}`, extra: CORS_HEADERS });
    },
  };
}
