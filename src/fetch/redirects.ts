/** Which answers are redirects, and where a Location header may take us. */
import { WiredeskError } from '../model/errors.js';
import { badUrlError } from './fetch-errors.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECTS.has(status);
}

export function isPermanentRedirect(status: number): boolean {
  return status === 301 || status === 308;
}

/** Resolves a (possibly relative) Location against the URL that answered with it. */
export function nextHop(current: URL, status: number, location: string | null): URL {
  if (location === null || location.trim() === '') {
    throw new WiredeskError(
      'FETCH_HTTP_STATUS',
      `fetch: ${status} from ${current.href} without a Location header; check the source URL`,
      { status },
    );
  }
  let next: URL;
  try {
    next = new URL(location.trim(), current);
  } catch (err) {
    throw badUrlError(location, `redirect target from ${current.href} is not a valid URL`, err);
  }
  // A feed server must never be able to send us to file:, data: or anything else local.
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw badUrlError(next.href, `${current.href} redirects to a ${next.protocol} URL; only http(s) redirects are followed`);
  }
  next.hash = '';
  return next;
}
