/** Gathers what `GET /` shows from the config in force, the store's ops read port and the render cache (either backend). */
import { resolveSourceUrl, type LoadedConfig } from '../config/load-config.js';
import type { Config, SourceConfig } from '../config/schema.js';
import { FEED_EXTENSIONS } from '../emit/prepare-feed.js';
import type { DashboardData, DashboardSource } from '../http/dashboard-html.js';
import type { FeedCache } from '../http/feed-cache.js';
import type { OutputFormat } from '../model/curated.js';
import { hostOf } from '../schedule/source-policy.js';
import type { DeliverySummary } from '../store/alerts-table.js';
import type { OpsReadPort, SourceOpsState } from './ops-port.js';
import { redactUrl } from './webhook-delivery.js';

export interface DashboardInputs {
  loaded: () => LoadedConfig;
  ops: OpsReadPort;
  /** Feed bodies and entry counts come from the render cache (its source renders off the event loop). */
  cache: FeedCache;
  configProblems: () => string[];
  /** Changed keys the running service cannot apply. */
  restartRequired?: () => string[];
  now?: () => Date;
}

const RECENT_STORIES = 25;
const RECENT_WIRE_EVENTS = 20;

export async function collectDashboard(inputs: DashboardInputs): Promise<DashboardData> {
  const now = (inputs.now ?? (() => new Date()))();
  const { ops } = inputs;
  const loaded = inputs.loaded();
  const [recent, pauses, tooOld, states, feeds, stories, totals, events, deliveries] = await Promise.all([
    ops.itemsSince(new Date(now.getTime() - 86_400_000).toISOString()), ops.activeHostPauses(now.toISOString()), ops.tooOldBySource(),
    ops.sourceStates(now.getTime()), feedRows(loaded.config, inputs.cache), ops.recentStories(RECENT_STORIES), ops.totals(),
    ops.recentWireEvents(RECENT_WIRE_EVENTS), ops.deliveries(),
  ]);
  const paused = new Set(pauses.map((p) => p.host));
  return {
    generatedAt: now.toISOString(),
    configProblems: inputs.configProblems(),
    restartRequired: inputs.restartRequired?.() ?? [],
    hostPauses: pauses,
    sources: loaded.config.sources.map((s) => ({
      ...sourceRow(s, resolveSourceUrl(s.url, loaded.dir), states.get(s.id) ?? null, recent, paused), tooOld: tooOld.get(s.id) ?? 0,
    })),
    feeds,
    stories,
    dbSizeBytes: totals.dbSizeBytes,
    items: totals.items,
    storyCount: totals.stories,
    wireEvents: events.map((w) => ({ kind: w.kind, sourceId: w.sourceId, title: w.title, message: w.message, at: w.lastAt })),
    webhooks: webhookRows(loaded.config, deliveries),
  };
}

function sourceRow(source: SourceConfig, url: string, state: SourceOpsState | null, recent: Map<string, number>, paused: Set<string>): Omit<DashboardSource, 'tooOld'> {
  const current = state?.currentUrl ?? url;
  const host = hostOf(current);
  let status: DashboardSource['status'] = 'ok';
  if (!source.enabled) status = 'off';
  else if (state?.disabledReason) status = 'disabled';
  else if (host !== null && paused.has(host)) status = 'paused';
  else if (!state?.lastFetchAt) status = 'never';
  else if (state.errorCount > 0) status = 'failing';
  return {
    id: source.id, kind: source.kind, status, url: current,
    movedTo: state?.currentUrl && state.currentUrl !== url ? state.currentUrl : null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastError: state?.disabledReason ?? state?.lastError ?? null,
    errorCount: state?.errorCount ?? 0,
    items24h: recent.get(source.id) ?? 0,
    nextFetchAt: status === 'disabled' || status === 'off' ? null : state?.nextFetchAt ?? null,
    interval: state?.intervalS ? `every ${describeSeconds(state.intervalS)} (${state.intervalReason ?? 'interval'})` : null,
  };
}

async function feedRows(config: Config, cache: FeedCache): Promise<DashboardData['feeds']> {
  return Promise.all(config.feeds.map(async (feed) => {
    const formats = feed.formats as OutputFormat[];
    const first = formats[0];
    const body = first === undefined ? null : await cache.get(feed.id, first);
    return {
      id: feed.id, title: feed.title,
      links: formats.map((format) => ({ format, href: `/feeds/${encodeURIComponent(feed.id)}.${FEED_EXTENSIONS[format]}` })),
      itemCount: cache.entryCount(feed.id) ?? 0,
      lastChange: body?.lastModified ?? null,
      access: feed.access,
    };
  }));
}

/** Every configured webhook, with its deliveries' state; never its secret nor its URL's query. */
function webhookRows(config: Config, summary: DeliverySummary[]): DashboardData['webhooks'] {
  return config.feeds.flatMap((feed) => feed.webhooks.map((hook) => {
    const row = summary.find((r) => r.feedId === feed.id && r.url === hook.url);
    return {
      feedId: feed.id, url: redactUrl(hook.url), pending: row?.pending ?? 0, delivered: row?.delivered ?? 0, failed: row?.failed ?? 0,
      lastDeliveredAt: row?.lastDeliveredAt ?? null, lastError: row?.lastError ?? null,
    };
  }));
}

export function describeSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}
