/**
 * What one refresh reads before fetching and writes after, as one async port, so refreshSource's
 * fetch → interpret path is the same on both backends: SQLite's port (here) calls the store's
 * tables and commits in slices of a few milliseconds (commit-slices.ts); PostgreSQL's (store-pg/refresh-commit.ts) writes each outcome in one transaction fenced
 * by the source's claim.
 */
import type { Config, SourceConfig } from '../config/schema.js';
import type { StorySettings } from '../dedup/assign-story.js';
import type { Logger } from '../log/logger.js';
import type { ReadItem } from '../model/read-document.js';
import type { SchedulePlanPorts } from '../schedule/source-policy.js';
import type { Store } from '../store/open-store.js';
import type { PagesPort } from '../store/pages-table.js';
import type { FetchFailure, FetchSuccess } from '../store/sources-table.js';
import type { CommitCounts } from './commit-items.js';
import { commitInSlices, type SliceOptions } from './commit-slices.js';
import { admitWithinRetention } from './retention-filter.js';
import { recordWireEvents } from './wire-events.js';

export interface RefreshStart extends SchedulePlanPorts {
  currentUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  errorCount: number;
  /** The article pages cache, when the backend has one. */
  pages: PagesPort | null;
}

export interface RefreshRead {
  items: ReadItem[];
  /** References the document could not deliver (wire events). */
  rejected: string[];
}

export interface RefreshStored {
  counts: CommitCounts;
  /** Entries left out as older than retention. */
  tooOld: number;
  /** Transactions the commit took (SQLite's sliced commit). */
  slices?: number;
}

export interface RefreshPort {
  /** Registers the source (a changed configured URL resets its validators) and reads its fetch state. */
  begin(source: SourceConfig, url: string): Promise<RefreshStart>;
  /** A 304: only the fetch state. */
  unchanged(source: SourceConfig, fetchState: FetchSuccess): Promise<void>;
  /** The read document: retention, items, fetch state, alerts and generation (the fetch state only once all items are stored). */
  commit(source: SourceConfig, read: RefreshRead, fetchState: FetchSuccess): Promise<RefreshStored>;
  fail(source: SourceConfig, failure: FetchFailure): Promise<void>;
}

export interface LocalPortOptions {
  config: Config;
  log: Logger;
  priorityOf: (sourceId: string) => number;
  dedup?: StorySettings;
  /** How the commit is sliced (tests). */
  slicing?: SliceOptions;
}

/** SQLite: the store's synchronous tables behind the async port. */
export function createLocalRefreshPort(store: Store, options: LocalPortOptions): RefreshPort {
  return {
    begin: (source, url) => {
      const state = store.sources.ensure(source.id, url);
      return Promise.resolve({
        currentUrl: state.currentUrl, etag: state.etag, lastModified: state.lastModified, errorCount: state.errorCount,
        schedule: store.schedule, pages: store.pages,
      });
    },
    unchanged: (source, fetchState) => Promise.resolve(store.sources.recordSuccess(source.id, fetchState)),
    commit: async (source, read, fetchState) => {
      const admitted = admitWithinRetention(store, source.id, read.items, options.config, new Date(fetchState.at));
      const { added, updated, unchanged, slices } = await commitInSlices(store, source, admitted.items, fetchState, options.priorityOf,
        options.config.dedup, options.slicing);
      recordWireEvents(store, source.id, read.items, read.rejected, fetchState.at, options.log);
      return { counts: { added, updated, unchanged }, tooOld: admitted.tooOld, slices };
    },
    fail: (source, failure) => Promise.resolve(store.sources.recordFailure(source.id, failure)),
  };
}
