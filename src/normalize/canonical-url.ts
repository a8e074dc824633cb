/** Absolute, http(s)-only URLs without the tracking parameters that make one page look like many. */

/** Query parameters that identify a campaign or a click, never the page. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid', 'gclid', 'mc_cid', 'mc_eid', 'igshid', '_ga', 'yclid', 'msclkid',
]);
const TRACKING_PREFIXES = ['utm_'];

/** `href` resolved against `base`; null when it is not http(s) or cannot be resolved. */
export function canonicalUrl(href: string | null | undefined, base: string | null | undefined): string | null {
  if (typeof href !== 'string' || href.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(href.trim(), base ?? undefined);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  stripTrackingParams(url);
  // `page#` and `page` are the same page; `page#section` is kept (some sites route on it).
  if (url.hash === '') url.hash = '';
  return url.href;
}

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Filters the raw query so the other parameters keep their exact encoding and order. */
function stripTrackingParams(url: URL): void {
  if (url.search === '') {
    url.search = ''; // drops a bare `?`
    return;
  }
  const pairs = url.search.slice(1).split('&');
  const kept = pairs.filter((pair) => pair !== '' && !isTrackingParam(decodeName(pair)));
  if (kept.length !== pairs.length) url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
}

function decodeName(pair: string): string {
  const name = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
