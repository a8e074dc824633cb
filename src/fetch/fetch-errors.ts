/** Turns what went wrong on the wire into WiredeskErrors whose messages say what to do. */
import { WiredeskError } from '../model/errors.js';

/**
 * A non-2xx answer. It keeps the raw Retry-After so the scheduler can honour it without
 * parsing the message; it is still a WiredeskError with code 'FETCH_HTTP_STATUS'.
 */
export class FetchStatusError extends WiredeskError {
  readonly url: string;
  readonly retryAfter: string | null;

  constructor(url: string, status: number, retryAfter: string | null) {
    super('FETCH_HTTP_STATUS', describeStatus(url, status, retryAfter), { status });
    this.name = 'FetchStatusError';
    this.url = url;
    this.retryAfter = retryAfter;
  }
}

function describeStatus(url: string, status: number, retryAfter: string | null): string {
  const head = `fetch: ${status} from ${url}`;
  if (status === 429 || status === 503) {
    const wait = retryAfter === null ? 'no Retry-After given' : `Retry-After: ${retryAfter}`;
    return `${head}; the server asks to slow down (${wait}); back off before the next try`;
  }
  if (status === 401 || status === 403) {
    return `${head}; access refused; check the source's auth (credentials, IP allow-list or User-Agent)`;
  }
  if (status === 410) return `${head}; the feed is gone; remove the source or find its new URL`;
  if (status >= 500) return `${head}; server error; it will be retried, check the source if it persists`;
  return `${head}; check the source URL`;
}

export function timeoutError(url: string, timeoutMs: number, cause?: unknown): WiredeskError {
  return new WiredeskError(
    'FETCH_TIMEOUT',
    `fetch: no complete response from ${url} within ${timeoutMs} ms; the server is slow or unreachable, raise fetch.timeoutMs if it is just slow`,
    { cause },
  );
}

export function abortedError(url: string, reason: unknown): WiredeskError {
  // A caller's AbortSignal.timeout() is still a timeout for whoever reads the source's error.
  const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
  return new WiredeskError(
    isTimeout ? 'FETCH_TIMEOUT' : 'FETCH_NETWORK',
    `fetch: request to ${url} was ${isTimeout ? 'timed out' : 'aborted'} by the caller`,
    { cause: reason },
  );
}

export function tooLargeError(url: string, maxBytes: number): WiredeskError {
  return new WiredeskError(
    'FETCH_TOO_LARGE',
    `fetch: ${url} is larger than ${maxBytes} bytes (after decompression); download stopped, raise fetch.maxBytes if the feed is legitimately this big`,
  );
}

export function emptyError(url: string): WiredeskError {
  return new WiredeskError('FETCH_EMPTY', `fetch: ${url} answered with an empty body; check the source URL`);
}

export function badUrlError(url: string, why: string, cause?: unknown): WiredeskError {
  return new WiredeskError('FETCH_BAD_URL', `fetch: cannot fetch ${JSON.stringify(url)}: ${why}`, { cause });
}

export function tooManyRedirectsError(url: string, why: string): WiredeskError {
  return new WiredeskError('FETCH_TOO_MANY_REDIRECTS', `fetch: ${url} ${why}; point the source at the final URL`);
}

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|HOSTNAME_MISMATCH)/;

/** Maps socket, DNS, TLS and zlib failures to FETCH_NETWORK with a hint per cause. */
export function networkError(url: string, err: unknown): WiredeskError {
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  let message: string;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    message = `fetch: cannot resolve the host of ${url}; check the source URL or DNS`;
  } else if (code === 'ECONNREFUSED') {
    message = `fetch: connection refused by ${url}; is the server up?`;
  } else if (code === 'ECONNRESET' || code === 'EPIPE' || detail === 'aborted') {
    message = `fetch: connection to ${url} was reset mid-response; it will be retried`;
  } else if (code !== undefined && TLS_CODES.test(code)) {
    message = `fetch: TLS failure for ${url} (${code}); check the server's certificate`;
  } else if (code !== undefined && code.startsWith('Z_')) {
    message = `fetch: ${url} sent a corrupt compressed body (${detail}); the server's Content-Encoding is broken`;
  } else {
    message = `fetch: network error for ${url}: ${detail}; it will be retried`;
  }
  return new WiredeskError('FETCH_NETWORK', message, { cause: err });
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
