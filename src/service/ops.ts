/**
 * What the service adds for operators: metrics fed by ingest and HTTP, the dashboard and metrics
 * routes, the config watcher (with the refused change shown on `/`), and store maintenance.
 */
import { formatProblem, readConfigText, resolveDatabase, type LoadedConfig } from '../config/load-config.js';
import { redactUrl } from '../store-pg/pg-errors.js';
import { watchConfig, type ConfigWatcher } from '../config/watch-config.js';
import { createDashboardRoute } from '../http/dashboard.js';
import type { FeedCache } from '../http/feed-cache.js';
import { createMetrics, createMetricsRoute, observeRefresh, type Metrics } from '../http/metrics.js';
import { createStoryRoute } from '../http/story-route.js';
import type { Route } from '../http/routes.js';
import type { RefreshOutcome } from '../ingest/refresh-source.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/open-store.js';
import { collectDashboard } from './dashboard-data.js';
import { sqliteOpsPort } from './ops-port.js';
import { startMaintenance, type Maintenance } from './maintenance.js';
import { explainStoredStory } from './story-explain.js';

export interface ServiceOpsDeps {
  store: Store;
  cache: FeedCache;
  /** The config in force (it changes on reload). */
  loaded: () => LoadedConfig;
  log: Logger;
  maintenanceTimers?: boolean;
}

export interface ServiceOps {
  metrics: Metrics;
  routes: Route[];
  maintenance: Maintenance;
  onResponse(path: string, status: number): void;
  onProgress(outcome: RefreshOutcome): void;
  /** Runs an ingest pass, counting stories created and merged by it. */
  measure<T>(pass: () => Promise<T>): Promise<T>;
  /** Starts watching the config file; apply is called with each valid change. */
  watch(apply: (next: LoadedConfig) => void): ConfigWatcher;
  close(): void;
}

/** The dashboard refreshes itself every 30 s; a page at most 5 s old is as good and costs nothing. */
const DASHBOARD_MAX_AGE_MS = 5000;

export function createServiceOps(deps: ServiceOpsDeps): ServiceOps {
  const { store, cache, log } = deps;
  let problems: string[] = [];
  let restartNotes: string[] = [];
  const metrics = createMetrics({
    sourcesFailing: () => deps.loaded().config.sources.filter((s) => (store.sources.get(s.id)?.errorCount ?? 0) > 0).length,
    renderCacheHits: () => cache.stats().hits,
    dbSizeBytes: () => store.sizeBytes(),
    tombstones: () => store.tombstones.count(),
  });
  const maintenance = startMaintenance(store, () => deps.loaded().config, log, {
    timers: deps.maintenanceTimers ?? true, onDone: (result) => metrics.observePruned(result.items),
  });
  let watcher: ConfigWatcher | null = null;
  const readPort = sqliteOpsPort(store);
  return {
    metrics,
    maintenance,
    routes: [
      createDashboardRoute(() => collectDashboard({ loaded: deps.loaded, ops: readPort, cache, configProblems: () => problems, restartRequired: () => restartNotes }), {
        inputs: () => [store.meta.generation(), deps.loaded().config, problems, restartNotes], maxAgeMs: DASHBOARD_MAX_AGE_MS,
      }),
      createStoryRoute((id) => explainStoredStory(store, id, (s) => deps.loaded().config.sources.find((c) => c.id === s)?.priority ?? 0)),
      createMetricsRoute(metrics),
    ],
    onResponse: (_path, status) => metrics.observeFeedRequest(status),
    onProgress: (outcome) => observeRefresh(metrics, outcome, outcome.status === 'failed' ? null : store.sources.get(outcome.sourceId)?.lastStatus ?? null),
    async measure(pass) {
      const storiesBefore = store.stories.count();
      const itemsBefore = store.items.count();
      const result = await pass();
      const created = Math.max(0, store.stories.count() - storiesBefore);
      metrics.observeStories(created, Math.max(0, store.items.count() - itemsBefore - created));
      return result;
    },
    watch(apply) {
      const path = deps.loaded().path;
      // What the process listens on and holds open is fixed at start: later edits are compared to it.
      const startedWith = deps.loaded();
      let initial: string | null = null;
      try {
        initial = readConfigText(path);
      } catch {
        initial = null;
      }
      watcher = watchConfig(path, initial, {
        onChange(next) {
          problems = [];
          const notes = restartOnlyChanges(startedWith, next);
          restartNotes = notes;
          apply(next);
          log.info({ file: path, sources: next.config.sources.length, feeds: next.config.feeds.length }, 'config: change applied');
          if (notes.length > 0) log.warn({ file: path, keys: notes }, `config: restart required to apply ${notes.join(', ')}; the rest of the change is applied`);
        },
        onInvalid(found, file) {
          problems = found.map((p) => formatProblem(file, p));
          log.error({ file: path, problems }, 'config: change refused; the last good config stays in force');
        },
      });
      return watcher;
    },
    close() {
      watcher?.close();
      maintenance.stop();
    },
  };
}

function databaseKey(loaded: LoadedConfig): string {
  const target = resolveDatabase(loaded);
  return target.kind === 'sqlite' ? target.path : target.url;
}

/** Keys a running service cannot apply: where it listens and which database it holds open. */
function restartOnlyChanges(before: LoadedConfig, next: LoadedConfig): string[] {
  const notes: string[] = [];
  const [a, b] = [before.config, next.config];
  if (a.server.port !== b.server.port) notes.push(`server.port (${a.server.port} → ${b.server.port})`);
  if (a.server.host !== b.server.host) notes.push(`server.host (${a.server.host} → ${b.server.host})`);
  if (databaseKey(before) !== databaseKey(next)) notes.push(`database (${redactUrl(a.database)} → ${redactUrl(b.database)})`);
  return notes;
}
