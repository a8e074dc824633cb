/**
 * Prometheus metrics on their own registry (no global default registry: two services in one
 * process, as in tests, must not share counters). Ingest and HTTP report into it; gauges that
 * mirror the store are read when /metrics is scraped.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RefreshOutcome } from '../ingest/refresh-source.js';
import type { Route } from './routes.js';

/** Read when scraped: SQLite answers at once, PostgreSQL with a query. */
type Reading = number | Promise<number>;

export interface MetricsSources {
  /** Configured sources whose last attempt failed. */
  sourcesFailing(): Reading;
  renderCacheHits(): number;
  dbSizeBytes(): Reading;
  /** Retention tombstones stored (pruned items a refresh must not store again). */
  tombstones(): Reading;
  /** PostgreSQL: source claims held across every worker now. */
  claimsHeld?(): Reading;
  /** PostgreSQL: committed items the story clusterer has not placed yet. */
  clustererLag?(): Reading;
}

export interface Metrics {
  readonly registry: Registry;
  /** One source refresh: its HTTP status (or error code) and duration. */
  observeFetch(status: string, ms: number): void;
  observeItems(added: number, updated: number): void;
  /** Entries of a refresh not stored because they were older than retention. */
  observeTooOld(count: number): void;
  observePruned(items: number): void;
  observeStories(created: number, merged: number): void;
  observeFeedRequest(status: number): void;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const fetches = new Counter({ name: 'wiredesk_fetches_total', help: 'Source fetches by HTTP status or error code', labelNames: ['status'], registers });
  const duration = new Histogram({
    name: 'wiredesk_fetch_duration_seconds', help: 'Duration of one source refresh (fetch to commit)', registers,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60],
  });
  const items = new Counter({ name: 'wiredesk_items_ingested_total', help: 'Items stored, by kind (added or updated)', labelNames: ['kind'], registers });
  const skipped = new Counter({ name: 'wiredesk_items_skipped_total', help: 'Entries not stored, by reason', labelNames: ['reason'], registers });
  const pruned = new Counter({ name: 'wiredesk_items_pruned_total', help: 'Items deleted by retention', registers });
  const stories = new Counter({ name: 'wiredesk_stories_total', help: 'New items by story outcome: created a story or merged into one', labelNames: ['outcome'], registers });
  // Counted in a plain map per response (prom-client hashes labels on every inc) and handed over when scraped.
  const byStatus = new Map<number, number>();
  const handedOver = new Map<number, number>();
  new Counter({
    name: 'wiredesk_feed_requests_total', help: 'HTTP responses by status', labelNames: ['status'], registers,
    collect() {
      for (const [status, n] of byStatus) {
        const delta = n - (handedOver.get(status) ?? 0);
        if (delta > 0) this.inc({ status: String(status) }, delta);
        handedOver.set(status, n);
      }
    },
  });
  let seenHits = 0;
  new Counter({
    name: 'wiredesk_render_cache_hits_total', help: 'Feed bodies served from the render cache', registers,
    collect() {
      const hits = sources.renderCacheHits();
      if (hits > seenHits) this.inc(hits - seenHits);
      seenHits = hits;
    },
  });
  const gauge = (name: string, help: string, read: (() => Reading) | undefined) => read && new Gauge({ name, help, registers, async collect() { this.set(await read()); } });
  gauge('wiredesk_sources_failing', 'Configured sources whose last attempt failed', sources.sourcesFailing);
  gauge('wiredesk_tombstones', 'Retention tombstones stored', sources.tombstones);
  gauge('wiredesk_db_size_bytes', 'Size of the database (the SQLite file, or the PostgreSQL database)', sources.dbSizeBytes);
  gauge('wiredesk_claims_held', 'Source claims held by workers now (PostgreSQL)', sources.claimsHeld);
  gauge('wiredesk_clusterer_lag_items', 'Committed items not yet placed into stories (PostgreSQL)', sources.clustererLag);
  return {
    registry,
    observeFetch(status, ms) {
      fetches.inc({ status });
      duration.observe(ms / 1000);
    },
    observeItems(added, updated) {
      if (added > 0) items.inc({ kind: 'added' }, added);
      if (updated > 0) items.inc({ kind: 'updated' }, updated);
    },
    observeTooOld(count) {
      if (count > 0) skipped.inc({ reason: 'older_than_retention' }, count);
    },
    observePruned: (items) => pruned.inc(items),
    observeStories(created, merged) {
      if (created > 0) stories.inc({ outcome: 'created' }, created);
      if (merged > 0) stories.inc({ outcome: 'merged' }, merged);
    },
    observeFeedRequest: (status) => byStatus.set(status, (byStatus.get(status) ?? 0) + 1),
  };
}

export function createMetricsRoute(metrics: Metrics): Route {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(_req, res) {
      const body = Buffer.from(await metrics.registry.metrics(), 'utf8');
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Content-Length': String(body.length), 'Cache-Control': 'no-store' });
      res.end(body);
    },
  };
}

/** One source refresh into the metrics; `okStatus` is the HTTP status a success stored (200 when unknown). */
export function observeRefresh(metrics: Metrics, outcome: RefreshOutcome, okStatus: number | null): void {
  if (outcome.status === 'failed') return metrics.observeFetch(String(outcome.error.status ?? outcome.error.code), outcome.ms);
  metrics.observeFetch(String(okStatus ?? 200), outcome.ms);
  metrics.observeItems(outcome.added, outcome.updated);
  metrics.observeTooOld(outcome.tooOld);
}
