/** One source refresh, top to bottom: fetch → decode → parse → normalize → dedup → store. */
import type { Config, SourceConfig } from '../config/schema.js';
import { createAddressPolicy } from '../fetch/address-policy.js';
import { fetchResource } from '../fetch/fetch-resource.js';
import { credentialsFor } from '../fetch/credentials.js';
import type { Logger } from '../log/logger.js';
import { coerceError, WiredeskError } from '../model/errors.js';
import { planFailureFetch, planSuccessFetch } from '../schedule/source-policy.js';
import type { Store } from '../store/open-store.js';
import { explainStoreError } from '../store/store-errors.js';
import type { CommitCounts } from './commit-items.js';
import type { FetchResult } from '../fetch/fetch-resource.js';
import { interpretStream, type InterpretOptions } from './interpret.js';
import { createPageSupport, type PageSupport } from './page-loader.js';
import type { StreamedDocument } from './read-chunks.js';
import type { SliceOptions } from './commit-slices.js';
import { createLocalRefreshPort, type RefreshPort, type RefreshStart } from './refresh-port.js';

export interface RefreshContext {
  config: Config;
  /** The SQLite store; not needed when `port` is given. */
  store?: Store;
  /** Where the refresh reads and writes its state; SQLite's port over `store` when absent. */
  port?: RefreshPort;
  /** The source URL resolved to an absolute http(s) or file: URL. */
  url: string;
  now: () => Date;
  log: Logger;
  priorityOf: (sourceId: string) => number;
  /** Wraps the network call, e.g. with a per-host limiter. */
  throttle?: <T>(url: string, fn: () => Promise<T>) => Promise<T>;
  /** Parses and normalizes a feed document, e.g. in a worker thread; in this thread when absent. */
  read?: InterpretOptions['read'];
  /** Extracts an HTML page, in the same worker pool; in this thread when absent. */
  extract?: InterpretOptions['extract'];
  /**
   * Takes one of a few places for documents between fetch and commit (bounded memory: bodies never
   * queue for the parse threads, the rest wait unfetched); the returned function gives it back.
   */
  holdDocument?: () => Promise<() => void>;
  /** How the SQLite commit is sliced and yields (the service yields to its HTTP server first). */
  slicing?: SliceOptions;
}

export type RefreshOutcome =
  | ({ sourceId: string; status: 'updated' | 'unchanged'; ms: number; skipped: number; tooOld: number } & CommitCounts)
  | { sourceId: string; status: 'failed'; ms: number; error: WiredeskError };

function portOf(ctx: RefreshContext): RefreshPort {
  if (ctx.port) return ctx.port;
  if (!ctx.store) throw new WiredeskError('INTERNAL', 'ingest: a refresh needs a store or a refresh port');
  return createLocalRefreshPort(ctx.store, ctx);
}

export async function refreshSource(source: SourceConfig, ctx: RefreshContext): Promise<RefreshOutcome> {
  const started = Date.now();
  const port = portOf(ctx);
  const state = await port.begin(source, ctx.url);
  const release = await (ctx.holdDocument?.() ?? (() => undefined));
  try {
    const url = state.currentUrl ?? ctx.url;
    const throttle = ctx.throttle ?? ((_u, fn) => fn());
    // The configured URL's origin is trusted; redirects elsewhere and content-driven URLs are checked.
    const policy = createAddressPolicy(ctx.url, source.allowPrivateNetworks ?? ctx.config.fetch.allowPrivateNetworks);
    // Credentials are bound to the configured URL's origin: a stored cross-origin move never receives them.
    const limits = { ...fetchLimits(ctx.config), credentials: credentialsFor(source, ctx.url), policy };
    let fetched: FetchResult | null = await throttle(url, () =>
      fetchResource(url, { ...limits, etag: state.etag, lastModified: state.lastModified }),
    );
    const at = ctx.now().toISOString();
    const fetchState = {
      at, status: fetched.status, etag: fetched.etag, lastModified: fetched.lastModified,
      nextFetchAt: planSuccessFetch(source, ctx.config, state, fetched, ctx.now()),
      currentUrl: fetched.permanentRedirect,
    };
    if (fetched.permanentRedirect !== null && fetched.permanentRedirect !== state.currentUrl) {
      ctx.log.warn({ source: source.id, url, to: fetched.permanentRedirect }, 'fetch: moved permanently; the stored URL follows it, update the source in the config');
    }
    if (fetched.notModified) {
      await port.unchanged(source, fetchState);
      return done(source, started, 'unchanged', { added: 0, updated: 0, unchanged: 0 }, 0, ctx.log, 0);
    }
    const pages = createPageSupport({ limits, throttle, cache: state.pages, now: ctx.now });
    // The chunks are committed as the parse threads hand them on; the body is not held meanwhile.
    const { meta, ...read } = await readBody(fetched, source, ctx, pages);
    fetched = null;
    const stored = await port.commit(source, read, { ...fetchState, feedTitle: meta.title, feedLink: meta.link });
    const { counts, skipped } = stored;
    for (const why of skipped) ctx.log.warn({ source: source.id, url }, why);
    const status = counts.added + counts.updated > 0 ? 'updated' : 'unchanged';
    return done(source, started, status, counts, skipped.length, ctx.log, stored.tooOld);
  } catch (err) {
    const error = explainStoreError(err, `store the refresh of ${source.id}`) ?? coerceError(err, 'INTERNAL', 'ingest');
    await recordFailure(source, ctx, port, state, error);
    ctx.log.warn({ source: source.id, url: ctx.url, code: error.code, status: error.status, ms: Date.now() - started }, error.message);
    return { sourceId: source.id, status: 'failed', ms: Date.now() - started, error };
  } finally {
    release();
  }
}

/** Decodes, parses and starts normalizing the body, which nothing holds once the parse threads have it. */
function readBody(fetched: FetchResult, source: SourceConfig, ctx: RefreshContext, pages: PageSupport): Promise<StreamedDocument> {
  return interpretStream(fetched, {
    type: source.type, language: source.language ?? null, timezone: source.timezone ?? null, titleCase: source.titleCase,
    scrape: source.scrape, fullText: source.fullText, pages,
    ...(ctx.read ? { read: ctx.read } : {}),
    ...(ctx.extract ? { extract: ctx.extract } : {}),
  });
}

async function recordFailure(source: SourceConfig, ctx: RefreshContext, port: RefreshPort, state: RefreshStart, error: WiredeskError): Promise<void> {
  const now = ctx.now();
  try {
    await port.fail(source, {
      at: now.toISOString(), status: error.status ?? null, code: error.code, message: error.message,
      nextFetchAt: planFailureFetch(source, ctx.config, state, error, state.errorCount + 1, now),
    });
  } catch (storeErr) {
    ctx.log.error({ source: source.id, err: coerceError(storeErr).message }, 'store: cannot record the failure');
  }
}

function done(source: SourceConfig, started: number, status: 'updated' | 'unchanged', counts: CommitCounts, skipped: number,
  log: Logger, tooOld: number): RefreshOutcome {
  const ms = Date.now() - started;
  log.info({ source: source.id, status, ...counts, skipped, tooOld, ms }, 'ingest: source refreshed');
  return { sourceId: source.id, status, ms, skipped, tooOld, ...counts };
}

export function fetchLimits(config: Config) {
  return {
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    ...(config.fetch.userAgent ? { userAgent: config.fetch.userAgent } : {}),
  };
}
