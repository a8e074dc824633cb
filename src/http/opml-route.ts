/** GET|HEAD /sources.opml and /feeds.opml: the subscription lists, re-rendered only when the store or config changes. */
import { CORS_HEADERS } from './feed-route.js';
import type { Route } from './routes.js';
import { makeRepresentation, type Representation } from './representation.js';
import { sendRepresentation } from './respond.js';

export const OPML_PATH = /^\/(sources|feeds)\.opml$/;

export interface OpmlRouteDeps {
  render(list: 'sources' | 'feeds'): string;
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
  function get(list: 'sources' | 'feeds'): Representation {
    const inputs = deps.inputs();
    const known = cache.get(list);
    if (known !== undefined && inputs.every((value, i) => value === known.inputs[i])) return known.rep;
    const body = Buffer.from(deps.render(list), 'utf8');
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
    handle(req, res, match) {
      const list = match?.[1] === 'sources' ? 'sources' : 'feeds';
      sendRepresentation(req, res, get(list), { cacheControl: `public, max-age=${deps.maxAgeSeconds}`, extra: CORS_HEADERS });
    },
  };
}
