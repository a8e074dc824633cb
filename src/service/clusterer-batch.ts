/**
 * One clusterer batch on PostgreSQL: every item committed since the cursor is placed by the one
 * story lifecycle, synchronously, over an in-memory port hydrated from a REPEATABLE READ snapshot,
 * and what it changed is written back with the new cursor in that one transaction: a clusterer
 * killed mid-batch leaves nothing half-written, and the next one starts again from the cursor.
 */
import type pg from 'pg';
import type { StorySettings } from '../dedup/assign-story.js';
import { contentHash } from '../dedup/content-hash.js';
import { compareKeys, MemoryStoryIndex } from '../dedup/memory-story-index.js';
import { countSpread, type ReclusterReport } from '../dedup/recluster.js';
import { StoryLifecycle, type PlaceReport } from '../dedup/story-lifecycle.js';
import type { OrderKey } from '../dedup/story-port.js';
import { advanceCursor, bumpFeedGeneration, commitHorizon, committedSince, enqueueStoryAlerts, readCursor, recordAllPlacements,
  recordPlacements, withBatchLock, type CommittedItem } from '../store-pg/clusterer-store.js';
import { hydrateStoryIndex, hydrationSince } from '../store-pg/story-hydrate.js';
import { writeStoryChanges } from '../store-pg/story-writeback.js';

export interface ClusterSettings {
  settings: StorySettings;
  priorityOf: (sourceId: string) => number;
  /** Who places (logged in the clusterer row). */
  holder: string;
  now?: () => string;
  /** Items placed per transaction at most (default BATCH_ITEMS): a backlog is placed in several commits, in commit order. */
  batchItems?: number;
}

export interface BatchReport extends Omit<PlaceReport, 'touched'> {
  items: number;
  hydrated: number;
  cursor: number;
  stories: number;
  /** Milliseconds reading the snapshot, placing in memory, and writing back. */
  ms: { hydrate: number; place: number; write: number };
}

/** A batch's cap: a backlog (a standby taking over, a flood) commits in bounded steps, each one a few hundred ms. */
export const BATCH_ITEMS = 500;
const SERIALIZATION_FAILURE = '40001';
const MAX_ATTEMPTS = 5;

/** Places what was committed since the cursor; null when nothing was. */
export async function placeCommitted(client: pg.ClientBase, options: ClusterSettings): Promise<BatchReport | null> {
  return withBatchLock(client, async () => {
    const horizon = await commitHorizon(client);
    return horizon <= (await readCursor(client)) ? null : placeBatch(client, options, horizon);
  });
}

async function placeBatch(client: pg.ClientBase, options: ClusterSettings, horizon: number): Promise<BatchReport> {
  return inSnapshot(client, async () => {
    const now = (options.now ?? isoNow)();
    const clock = stopwatch();
    const limit = options.batchItems ?? BATCH_ITEMS;
    const committed = await committedSince(client, await readCursor(client), horizon, limit);
    // A capped batch ends at its last item: the next one starts after it.
    const upTo = committed.length >= limit ? committed.at(-1)!.seq : horizon;
    const { from, previousHash } = placementStart(committed);
    const port = new MemoryStoryIndex(await hydrateStoryIndex(client, hydrationSince(from, options.settings.windowHours)));
    const hydrate = clock();
    const fresh = new Set(committed.map((c) => c.id));
    const report = from ? new StoryLifecycle(port).placeFrom(from, { settings: options.settings, priorityOf: options.priorityOf, now, fresh, previousHash }) : null;
    const place = clock();
    await writeStoryChanges(client, port);
    await recordPlacements(client, [...fresh]);
    await enqueueStoryAlerts(client, report?.touched ?? [], now);
    await advanceCursor(client, upTo, options.holder, now);
    return { ...summary(report, committed.length, port, upTo), ms: { hydrate, place, write: clock() } };
  });
}

/**
 * `recluster` on PostgreSQL: every item placed again from the first, with exact hashes following
 * the current text rules, in one transaction under the batch lock (a clusterer's batch waits).
 */
export async function reclusterPg(client: pg.ClientBase, options: ClusterSettings): Promise<ReclusterReport> {
  return withBatchLock(client, async () => {
    const horizon = await commitHorizon(client);
    return inSnapshot(client, () => rebuild(client, options, horizon));
  });
}

async function rebuild(client: pg.ClientBase, options: ClusterSettings, horizon: number): Promise<ReclusterReport> {
  const now = (options.now ?? isoNow)();
  const port = new MemoryStoryIndex(await hydrateStoryIndex(client, null));
  const items = port.itemsFrom(null, Number.MAX_SAFE_INTEGER);
  const before = new Map(items.map((i) => [i.id, i.storyId]));
  for (const item of items) {
    const hash = contentHash(item);
    if (hash !== item.contentHash) port.setContentHash(item.id, hash);
  }
  const placed = new StoryLifecycle(port).placeFrom(null, { settings: options.settings, priorityOf: options.priorityOf, now });
  port.deleteEmptyStories();
  await writeStoryChanges(client, port);
  await recordAllPlacements(client);
  await advanceCursor(client, horizon, options.holder, now);
  const after = new Map(port.itemsFrom(null, Number.MAX_SAFE_INTEGER).map((i) => [i.id, i.storyId]));
  return { items: items.length, storiesBefore: new Set(before.values()).size, storiesAfter: new Set(after.values()).size,
    merged: countSpread(after, before), split: countSpread(before, after), moved: placed.moved };
}

/** Where placing starts (the earliest key an item is or was placed at) and what changed items shared before. */
export function placementStart(committed: CommittedItem[]): { from: OrderKey | null; previousHash: Map<string, string> } {
  let from: OrderKey | null = null;
  const previousHash = new Map<string, string>();
  for (const c of committed) {
    const keys = [{ sortDate: c.sortDate, id: c.id }, ...(c.placedDate ? [{ sortDate: c.placedDate, id: c.id }] : [])];
    for (const key of keys) if (!from || compareKeys(key, from) < 0) from = key;
    if (c.placedHash) previousHash.set(c.id, c.placedHash);
  }
  return { from, previousHash };
}

function summary(report: PlaceReport | null, items: number, port: MemoryStoryIndex, cursor: number): Omit<BatchReport, 'ms'> {
  const { touched = [], ...counts } = report ?? { placed: 0, skipped: 0, moved: 0, created: 0, joined: 0 };
  return { ...counts, items, hydrated: port.itemsFrom(null, Number.MAX_SAFE_INTEGER).length, cursor, stories: touched.length };
}

/** Runs fn in one REPEATABLE READ transaction, again from the start when a writer's update got in its way. */
async function inSnapshot<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      const result = await fn();
      await client.query('COMMIT');
      // The feeds' generation moves after the stories commit: writers bump the same row all the time.
      await bumpFeedGeneration(client);
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      if ((err as { code?: string }).code !== SERIALIZATION_FAILURE || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

const isoNow = () => new Date().toISOString();

/** Milliseconds since the previous call (or since it was made). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - last);
    last = now;
    return ms;
  };
}
