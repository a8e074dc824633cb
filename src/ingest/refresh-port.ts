/**
 * What one refresh reads before fetching and writes after, as one async port, so refreshSource's
 * fetch → interpret path is the same on both backends: SQLite's port (here) calls the store's
 * tables and commits the document's chunks as the parse threads hand them on, in slices of a few
 * milliseconds (commit-slices.ts); PostgreSQL's (store-pg/refresh-commit.ts) collects the whole
 * document and writes each outcome in one transaction fenced by the source's claim.
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
import { collectReads, createSkipLog, type StreamedDocument } from './read-chunks.js';
import { createRetentionPass } from './retention-filter.js';
import { recordWireEvents } from './wire-events.js';

export interface RefreshStart extends SchedulePlanPorts {
  currentUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  errorCount: number;
  /** The article pages cache, when the backend has one. */
  pages: PagesPort | null;
}

/** The read document as the commit takes it: chunk by chunk, each let go once stored. */
export type RefreshRead = Omit<StreamedDocument, 'meta'>;

/** A whole document: what a port that commits in one piece (PostgreSQL's) stores. */
export interface WholeRead {
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
  /** Why entries were skipped, in document order (known once every chunk is read). */
  skipped: string[];
}

export interface RefreshPort {
  /** Registers the source (a changed configured URL resets its validators) and reads its fetch state. */
  begin(source: SourceConfig, url: string): Promise<RefreshStart>;
  /** A 304: only the fetch state. */
  unchanged(source: SourceConfig, fetchState: FetchSuccess): Promise<void>;
  /**
   * The read document: retention, items, fetch state (with the note on skipped entries), alerts
   * and generation (the fetch state only once all items are stored).
   */
  commit(source: SourceConfig, read: RefreshRead, fetchState: FetchSuccess): Promise<RefreshStored>;
  fail(source: SourceConfig, failure: FetchFailure): Promise<void>;
}

/** A port that stores a whole document in one piece, and its skip note with it. */
export interface WholeRefreshPort extends Omit<RefreshPort, 'commit'> {
  commit(source: SourceConfig, read: WholeRead, fetchState: FetchSuccess): Promise<Omit<RefreshStored, 'skipped'>>;
}

/** Collects the chunks first, then commits the whole document (PostgreSQL). */
export function collectingPort(port: WholeRefreshPort): RefreshPort {
  return {
    ...port,
    commit: async (source, read, fetchState) => {
      const { items, skipped, rejected } = await collectReads(read);
      const stored = await port.commit(source, { items, rejected }, { ...fetchState, skipped: skipNote(skipped) });
      return { ...stored, skipped };
    },
  };
}

/** What the source row says about skipped entries: how many, and the first reason. */
export function skipNote(skipped: string[]): string {
  if (skipped.length === 0) return '';
  return `${skipped.length} skipped; first: ${skipped[0] ?? ''}`.slice(0, 500);
}

export interface LocalPortOptions {
  config: Config;
  log: Logger;
  priorityOf: (sourceId: string) => number;
  dedup?: StorySettings;
  /** How the commit is sliced (tests). */
  slicing?: SliceOptions;
}

/** A commit that stopped early gives its chunks' places in the parse-ahead window back (see ChunkWindow); after the last chunk, a no-op. */
async function stopReading(read: RefreshRead): Promise<void> {
  await read.chunks[Symbol.asyncIterator]().return?.();
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
      const retention = createRetentionPass(store, source.id, options.config, new Date(fetchState.at));
      const skips = createSkipLog(read.problems);
      // Only canceled items make wire events: the rest of each chunk is let go once stored.
      const canceled: ReadItem[][] = [];
      async function* admitted(): AsyncGenerator<ReadItem[]> {
        for await (const chunk of read.chunks) {
          skips.add(chunk);
          canceled[chunk.index] = chunk.items.filter(({ item }) => item.editorial?.pubStatus === 'canceled');
          yield retention.admit(chunk.items);
        }
      }
      const finalState = (): FetchSuccess => ({ ...fetchState, skipped: skipNote(skips.all()) });
      const { added, updated, unchanged, slices } = await commitInSlices(store, source, admitted(), fetchState, options.priorityOf,
        options.config.dedup, { ...options.slicing, finalState }).finally(() => stopReading(read));
      const skipped = skips.all();
      recordWireEvents(store, source.id, canceled.flat(), read.rejected === 'skipped' ? skipped : read.rejected, fetchState.at, options.log);
      return { counts: { added, updated, unchanged }, tooOld: retention.tooOld(), slices, skipped };
    },
    fail: (source, failure) => Promise.resolve(store.sources.recordFailure(source.id, failure)),
  };
}
