/**
 * The network edge: one source URL in, bytes plus caching metadata out. Redirects, conditional
 * GET, decompression, the byte cap and the whole-response timeout all live here so no later
 * stage ever sees an unbounded input.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage } from 'node:http';
import { WiredeskError } from '../model/errors.js';
import { guardUrl, type AddressPolicy } from './address-policy.js';
import { createDeadline } from './deadline.js';
import type { Deadline } from './deadline.js';
import { readFileUrl } from './fetch-file.js';
import {
  FetchStatusError,
  abortedError,
  badUrlError,
  emptyError,
  networkError,
  timeoutError,
  tooManyRedirectsError,
} from './fetch-errors.js';
import { buildHeaders, discard, header, httpGet } from './http-get.js';
import { isPermanentRedirect, isRedirect, nextHop } from './redirects.js';
import { readBody } from './read-body.js';
import { createCredentialGate, type SourceCredentials } from './credentials.js';

export interface FetchOptions {
  /** For the WHOLE response: connect, every redirect hop, headers and body. */
  timeoutMs: number;
  /** Cap on the body AFTER decompression. */
  maxBytes: number;
  userAgent?: string;
  maxRedirects?: number;
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
  accept?: string;
  /** Sent only to their own origin, never after a redirect has left it. */
  credentials?: SourceCredentials | null;
  /** For URLs that come from content: which addresses they may reach (see address-policy.ts). */
  policy?: AddressPolicy;
}

export interface FetchResult {
  /** Final URL after redirects. */
  url: string;
  /** 200 or 304 (file: is always 200). */
  status: number;
  notModified: boolean;
  /** Empty on 304. */
  body: Buffer;
  contentType: string | null;
  /** On a 304 without validators, the ones we sent, so callers can store the result as is. */
  etag: string | null;
  lastModified: string | null;
  /** Target URL when the chain began with 301/308 (how far the permanent hops went), else null. */
  permanentRedirect: string | null;
  /** Raw Retry-After of the final response, if any. */
  retryAfter: string | null;
  cacheControl: string | null;
  expires: string | null;
  ms: number;
}

export const DEFAULT_USER_AGENT = 'wiredesk/0.1 (+https://github.com/wiredesk/wiredesk; feed aggregator)';
export const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.1';
const DEFAULT_MAX_REDIRECTS = 5;

type Settings = Required<Omit<FetchOptions, 'signal' | 'credentials' | 'policy'>> & Pick<FetchOptions, 'signal' | 'credentials' | 'policy'>;

export async function fetchResource(url: string, options: FetchOptions): Promise<FetchResult> {
  const started = performance.now();
  const settings = withDefaults(options);
  const target = parseFetchUrl(url);
  if (target.protocol === 'file:') {
    guardUrl(target, settings.policy);
    const file = await readFileUrl(target, settings.maxBytes);
    return { ...emptyResult(target.href, 200), body: file.body, lastModified: file.lastModified, ms: since(started) };
  }
  const deadline = createDeadline(settings.timeoutMs, settings.signal);
  try {
    const result = await followRedirects(target, settings, deadline.signal);
    return { ...result, ms: since(started) };
  } catch (err) {
    throw explainFailure(err, target.href, settings.timeoutMs, deadline);
  } finally {
    deadline.clear();
  }
}

function withDefaults(options: FetchOptions): Settings {
  return {
    ...options,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    etag: options.etag ?? null,
    lastModified: options.lastModified ?? null,
    accept: options.accept ?? DEFAULT_ACCEPT,
  };
}

/**
 * An absolute URL, or a bare path (as config and `wiredesk parse FILE` allow) read relative to the
 * working directory; callers resolve config-relative paths before calling.
 */
function parseFetchUrl(url: string): URL {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url) || /^[a-z]:[\\/]/i.test(url)) return pathToFileURL(resolve(url));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw badUrlError(url, 'not a valid URL; use http(s)://, file:/// or a file path', err);
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) {
    throw badUrlError(url, `scheme ${parsed.protocol} is not supported; use http(s)://, file:/// or a file path`);
  }
  return parsed;
}

async function followRedirects(start: URL, settings: Settings, signal: AbortSignal): Promise<FetchResult> {
  const headers = buildHeaders(settings);
  const gate = createCredentialGate(settings.credentials);
  const visited = new Set([start.href]);
  let current = start;
  let permanent: string | null = null;
  let stillPermanent = true;
  for (let hops = 0; ; hops += 1) {
    const res = await httpGet(current, gate.headersFor(current, headers), signal, guardUrl(current, settings.policy));
    const status = res.statusCode ?? 0;
    if (!isRedirect(status)) return finishResponse(res, current.href, settings, signal, permanent);
    discard(res);
    if (hops >= settings.maxRedirects) {
      throw tooManyRedirectsError(start.href, `redirected more than ${settings.maxRedirects} times`);
    }
    const next = nextHop(current, status, header(res, 'location'));
    if (visited.has(next.href)) throw tooManyRedirectsError(start.href, `redirects in a loop through ${next.href}`);
    visited.add(next.href);
    // Only the leading run of 301/308 may rewrite the stored source URL; a 302 is temporary.
    stillPermanent = stillPermanent && isPermanentRedirect(status);
    if (stillPermanent) permanent = next.href;
    current = next;
  }
}

async function finishResponse(
  res: IncomingMessage,
  url: string,
  settings: Settings,
  signal: AbortSignal,
  permanentRedirect: string | null,
): Promise<FetchResult> {
  const status = res.statusCode ?? 0;
  const base = { ...responseMeta(res, url, status), permanentRedirect };
  if (status === 304) {
    discard(res);
    return {
      ...base,
      notModified: true,
      etag: base.etag ?? settings.etag,
      lastModified: base.lastModified ?? settings.lastModified,
    };
  }
  if (status < 200 || status > 299) {
    discard(res);
    throw new FetchStatusError(url, status, base.retryAfter);
  }
  const body = await readBody(res, url, settings.maxBytes, signal);
  if (body.length === 0) throw emptyError(url);
  return { ...base, body };
}

function responseMeta(res: IncomingMessage, url: string, status: number): FetchResult {
  return {
    ...emptyResult(url, status),
    contentType: header(res, 'content-type'),
    etag: header(res, 'etag'),
    lastModified: header(res, 'last-modified'),
    retryAfter: header(res, 'retry-after'),
    cacheControl: header(res, 'cache-control'),
    expires: header(res, 'expires'),
  };
}

function emptyResult(url: string, status: number): FetchResult {
  return {
    url,
    status,
    notModified: false,
    body: Buffer.alloc(0),
    contentType: null,
    etag: null,
    lastModified: null,
    permanentRedirect: null,
    retryAfter: null,
    cacheControl: null,
    expires: null,
    ms: 0,
  };
}

/** Whatever surfaced after an abort is noise: the deadline (or the caller) is the real cause. */
function explainFailure(err: unknown, url: string, timeoutMs: number, deadline: Deadline): WiredeskError {
  if (err instanceof WiredeskError) return err;
  if (deadline.timedOut) return timeoutError(url, timeoutMs, err);
  if (deadline.callerAborted) return abortedError(url, deadline.callerReason);
  return networkError(url, err);
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}
