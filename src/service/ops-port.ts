/**
 * What the operator pages and `wiredesk sources` read from the store: a narrow async port with an
 * SQLite implementation (below, over the store's tables) and a PostgreSQL one
 * (src/store-pg/ops-reads.ts), held to the same answers by test/service/ops-port.contract.ts.
 */
import type { DeliverySummary } from '../store/alerts-table.js';
import type { RecentStory } from '../store/ops-queries.js';
import type { Store } from '../store/open-store.js';
import type { HostPause } from '../store/schedule-table.js';
import type { SourceState } from '../store/sources-table.js';
import type { WireEvent } from '../store/wire-table.js';

export interface SourceOpsState extends SourceState {
  intervalS: number | null;
  intervalReason: string | null;
  /** PostgreSQL: the worker holding the source's claim right now; always null on SQLite (one ingester at a time). */
  claimedBy: string | null;
}

export interface StoreTotals {
  items: number;
  stories: number;
  tombstones: number;
  /** The SQLite file, or the PostgreSQL database (pg_database_size). */
  dbSizeBytes: number;
}

/** PostgreSQL's shared work: live claims, and committed items the story clusterer has yet to place. */
export interface SharedWork {
  claimsHeld: number;
  clustererLag: number;
}

export interface OpsReadPort {
  /** The HTTP status of a source's last fetch (null: never fetched, or not over HTTP). */
  lastStatus(sourceId: string): Promise<number | null>;
  /** Every stored source's state, by id. */
  sourceStates(nowMs: number): Promise<Map<string, SourceOpsState>>;
  /** Items first fetched at or after sinceIso, per source. */
  itemsSince(sinceIso: string): Promise<Map<string, number>>;
  itemsBySource(): Promise<Map<string, number>>;
  /** Entries the last read of each source skipped as older than retention. */
  tooOldBySource(): Promise<Map<string, number>>;
  activeHostPauses(nowIso: string): Promise<HostPause[]>;
  /** Newest-updated stories first (ties by id). */
  recentStories(limit: number): Promise<RecentStory[]>;
  recentWireEvents(limit: number): Promise<WireEvent[]>;
  deliveries(): Promise<DeliverySummary[]>;
  totals(): Promise<StoreTotals>;
  /** Absent on SQLite. */
  sharedWork?(nowMs: number): Promise<SharedWork>;
}

export function sqliteOpsPort(store: Store): OpsReadPort {
  return {
    async sourceStates() {
      return new Map(store.sources.all().map((s) => {
        const schedule = store.schedule.get(s.id);
        return [s.id, { ...s, intervalS: schedule?.intervalS ?? null, intervalReason: schedule?.intervalReason ?? null, claimedBy: null }];
      }));
    },
    lastStatus: async (id) => store.sources.get(id)?.lastStatus ?? null,
    itemsSince: async (iso) => store.ops.itemsSince(iso),
    itemsBySource: async () => store.items.countBySource(),
    tooOldBySource: async () => store.tombstones.tooOldBySource(),
    activeHostPauses: async (nowIso) => store.schedule.activeHostPauses(nowIso),
    recentStories: async (limit) => store.ops.recentStories(limit),
    recentWireEvents: async (limit) => store.wire.recentEvents(limit),
    deliveries: async () => store.alerts.summary(),
    totals: async () => ({ items: store.items.count(), stories: store.stories.count(), tombstones: store.tombstones.count(), dbSizeBytes: store.sizeBytes() }),
  };
}
