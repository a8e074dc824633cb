/** Opens the SQLite store (WAL, migrations) and hands out one module per table. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { WiredeskError } from '../model/errors.js';
import { createItemsTable, type ItemsTable } from './items-table.js';
import { createLeasesTable, type LeasesTable } from './leases-table.js';
import { createMetaTable, type MetaTable } from './meta-table.js';
import { createOpsQueries, type OpsQueries } from './ops-queries.js';
import { createRetentionTable, type RetentionTable } from './retention-table.js';
import { createScheduleTable, type ScheduleTable } from './schedule-table.js';
import { migrate } from './migrations.js';
import { createPagesTable, type PagesTable } from './pages-table.js';
import { createSearchTable, type SearchTable } from './search-table.js';
import { createSearchIndex } from './search-index.js';
import { createStoryIndexStore } from './story-index-store.js';
import type { StoryIndexPort } from '../dedup/story-port.js';
import { createSourcesTable, type SourcesTable } from './sources-table.js';
import { createStoriesTable, type StoriesTable } from './stories-table.js';
import { createWireTable, type WireTable } from './wire-table.js';
import { createTokensTable, type TokensTable } from './tokens-table.js';
import { createAlertsTable, type AlertsTable } from './alerts-table.js';
import { createTombstonesTable, type TombstonesTable } from './tombstones-table.js';
import { createSqliteCuratePort } from './curate-reads.js';
import { createWebSubTable } from './websub-table.js';
import type { CuratePort } from '../curate/curate-port.js';

export interface Store {
  readonly path: string;
  sources: SourcesTable;
  items: ItemsTable;
  stories: StoriesTable;
  leases: LeasesTable;
  meta: MetaTable;
  schedule: ScheduleTable;
  ops: OpsQueries;
  retention: RetentionTable;
  /** What identifies pruned items, so a refresh does not store them again. */
  tombstones: TombstonesTable;
  pages: PagesTable;
  search: SearchTable;
  /** The story index (dedup's port): items in placement order, index rows of the active window, versions. */
  storyIndex: StoryIndexPort;
  /** Wire items' embargoes and kills, and the wire events log. */
  wire: WireTable;
  /** Feed access tokens (hashes) and the webhook outbox and deliveries. */
  tokens: TokensTable;
  alerts: AlertsTable;
  /** What curated feeds read (curate's port; the same on PostgreSQL). */
  curate: CuratePort;
  /** The WebSub outbox and what each feed URL was last announced with. */
  websub: ReturnType<typeof createWebSubTable>;
  /** Runs fn in one IMMEDIATE transaction: all of it is stored, or none. */
  transaction<T>(fn: () => T): T;
  sizeBytes(): number;
  close(): void;
}

/** Bytes per page of a new store (bench commit: ~10% less main-thread CPU per committed item than 4 KB). */
const PAGE_SIZE = 16_384;

export interface OpenStoreOptions {
  readonly?: boolean;
  /** How long a writer waits for another process's write lock. */
  busyTimeoutMs?: number;
  /** The WAL size, in pages, past which a COMMIT checkpoints (SQLite's 1,000 unless a checkpointer runs: wal-checkpointer.ts). */
  autoCheckpointPages?: number;
}

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 10_000 });
    if (!options.readonly) {
      // Takes effect only when the file is new (a WAL store keeps its page size): 16 KB pages hold
      // an item row without an overflow page and halve the pages (WAL frames) a commit writes.
      db.pragma(`page_size = ${PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      if (options.autoCheckpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.trunc(options.autoCheckpointPages))}`);
      migrate(db);
    }
    db.pragma('cache_size = -32000');
  } catch (err) {
    throw new WiredeskError('STORE_FAILED', `store: cannot open ${path}: ${(err as Error).message}; check the path and permissions`, { cause: err });
  }
  const searchIndex = createSearchIndex(db);
  const search = createSearchTable(db);
  const [items, meta, wire] = [createItemsTable(db, searchIndex), createMetaTable(db), createWireTable(db)];
  const size = db.prepare<[], { n: number }>(`SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`);
  return {
    path,
    sources: createSourcesTable(db),
    items,
    stories: createStoriesTable(db),
    leases: createLeasesTable(db),
    meta,
    schedule: createScheduleTable(db),
    ops: createOpsQueries(db),
    retention: createRetentionTable(db),
    tombstones: createTombstonesTable(db),
    pages: createPagesTable(db),
    search,
    storyIndex: createStoryIndexStore(db),
    wire,
    tokens: createTokensTable(db),
    alerts: createAlertsTable(db),
    curate: createSqliteCuratePort(db, { items, meta, search, wire }),
    websub: createWebSubTable(db),
    transaction: (fn) => {
      try {
        return db.transaction(() => {
          const result = fn();
          searchIndex.flush();
          return result;
        }).immediate();
      } finally {
        // Rolled back (or done): nothing noted outlives the outermost transaction.
        if (!db.inTransaction) searchIndex.discard();
      }
    },
    sizeBytes: () => size.get()?.n ?? 0,
    close: () => {
      void search.close();
      db.close();
    },
  };
}
