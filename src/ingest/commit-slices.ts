/**
 * Stores one source refresh in slices, each its own transaction of a few milliseconds, yielding
 * to the event loop between them, so a server in the same process keeps answering during a cold
 * fill of thousands of items.
 *
 * Why slices give exactly the result of one commit: the partition is defined by placing every item
 * in (sort date, id) order against only what earlier items wrote (dedup/story-lifecycle.ts), and a
 * slice is stored and then placed from the earliest key it touched, which places again everything
 * after that key. Items are sliced in order of their earliest key, so each slice is placed after
 * every earlier item is stored and placed, and nothing a later slice stores can change it. Every
 * committed slice leaves the store as a refresh of only the items so far would: a crash between
 * slices keeps them stored and placed, and, the fetch state being recorded only by the last slice,
 * the next refresh fetches the document again and stores the rest. Another source's slices may run
 * in between: each placement repairs everything after its key, whatever ran before it.
 *
 * A large document arrives in chunks, as the parse threads finish them (refresh-port.ts): each chunk
 * is ordered and sliced on its own and stored while later ones are still being normalized. Chunks
 * in any order give the same result (each slice repairs everything after its key); chunks in
 * ascending date order cost no re-placement, which is why the pool hands a newest-first document
 * on from its end. Reads of one item in two chunks come in document order, so the last one wins.
 *
 * Each slice writes the alert rows of the stories it changed (rows commit with the items, so a
 * crash loses none); the last one records the fetch state, the WebSub notice and the store
 * generation, once: readers re-render on a new generation, and a bump per slice would re-render
 * every feed hundreds of times during a fill.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEDUP_DEFAULTS, type SourceConfig } from '../config/schema.js';
import type { StorySettings } from '../dedup/assign-story.js';
import { identityKey, itemId } from '../dedup/identity.js';
import { storyLifecycleFor, type StoryLifecycle } from '../dedup/story-lifecycle.js';
import type { OrderKey } from '../dedup/story-port.js';
import type { ReadItem } from '../model/read-document.js';
import type { ItemsTable } from '../store/items-table.js';
import type { Store } from '../store/open-store.js';
import type { FetchSuccess } from '../store/sources-table.js';
import { isBefore, placeStored, storeItems, type CommitCounts } from './commit-items.js';

/**
 * How long a slice holds the thread, in milliseconds: storing, placing and committing its items
 * (well under a request's latency budget). The commit is paced with the rest: it costs about as
 * much per item as storing does (the pages each item dirties are written to the WAL at COMMIT;
 * measured in the serve bench), so a slice grown to amortize it only holds the thread longer.
 */
export const SLICE_BUDGET_MS = 16;
/** The reads are ordered in runs of this many lookups, a turn in between (orderForCommit). */
export const ORDER_RUN = 64;

export interface SliceOptions {
  /** The budget of every slice, or asked before each one (a server sizes them by who is waiting: serving-turns.ts). */
  budgetMs?: number | (() => number);
  /** At most this many items per slice (tests force many slices). */
  maxItems?: number;
  /** Awaited before each slice (default: the next turn of the event loop). */
  yieldTurn?: () => Promise<unknown>;
  /** Called inside each slice's transaction, after its writes (tests: a crash in the nth slice). */
  inSlice?: (slice: number, last: boolean) => void;
  /** The fetch state the last slice records, when only the end of the reads completes it (default: the one given). */
  finalState?: () => FetchSuccess;
}

export interface SlicedCommit extends CommitCounts {
  slices: number;
  /** Items visited by the placements (placed again or confirmed): a cold fill in order visits each item once. */
  visited: number;
}

export interface Pace {
  /** Milliseconds of placement per visited item, as last measured. */
  placeMs: number;
  /** Items the last placement visited beyond its own: the next slice stores at least as many (replays never outweigh new work). */
  minItems: number;
  /** Milliseconds spent committing (outside the slices' own work), and how many items those commits stored. */
  commitMs: number;
  committed: number;
}

/** A refresh's reads: all at once, or chunk by chunk as the parse threads hand them on. */
export type IncomingReads = ReadItem[] | AsyncIterable<ReadItem[]>;

/** Stores the reads chunk by chunk as they come (see the module comment); the last slice records the fetch state. */
export async function commitInSlices(store: Store, source: SourceConfig, incoming: IncomingReads, fetchState: FetchSuccess,
  priorityOf: (sourceId: string) => number, dedup: StorySettings = DEDUP_DEFAULTS, options: SliceOptions = {}): Promise<SlicedCommit> {
  const lifecycle = storyLifecycleFor(store);
  const turn = options.yieldTurn ?? nextTurn;
  const result: SlicedCommit = { added: 0, updated: 0, unchanged: 0, slices: 0, visited: 0 };
  const pace: Pace = { placeMs: -1, minItems: 1, commitMs: 0, committed: 0 };
  const chunks = lookahead(incoming);
  let recorded = false;
  try {
    for (let chunk = await chunks.take(); chunk !== null; chunk = await chunks.take()) {
      if (chunk.length === 0) continue;
      const ordered = await orderForCommit(store.items, source.id, chunk, fetchState.at, turn);
      const ctx: SliceContext = { source, fetchState, priorityOf, dedup, options, ordered, ended: chunks.ended };
      let next = 0;
      do {
        await turn();
        const started = performance.now();
        const slice = commitSlice(store, lifecycle, ctx, { next, slices: result.slices, changed: result.added + result.updated > 0 }, pace);
        pace.commitMs += performance.now() - started - slice.workMs;
        pace.committed += slice.taken;
        for (const kind of ['added', 'updated', 'unchanged'] as const) result[kind] += slice.counts[kind];
        result.visited += slice.visited;
        result.slices += 1;
        recorded = slice.last;
        next += slice.taken;
      } while (next < ordered.length);
    }
    // The last chunk's last slice ran before the end of the reads was known (or there were none).
    if (!recorded) closeRefresh(store, { source, fetchState, options }, result);
  } catch (err) {
    // The in-memory story index may hold rows the rollback undid: reload it next time.
    lifecycle.invalidate();
    if (result.added + result.updated > 0) bumpAfterFailure(store);
    throw err;
  }
  return result;
}

/** A transaction of its own for what only the last slice records: the fetch state, the WebSub notice, the generation. */
function closeRefresh(store: Store, ctx: Pick<SliceContext, 'source' | 'fetchState' | 'options'>, result: SlicedCommit): void {
  store.transaction(() => {
    store.sources.recordSuccess(ctx.source.id, ctx.options.finalState?.() ?? ctx.fetchState);
    if (result.added + result.updated > 0) {
      store.websub.enqueue(ctx.fetchState.at);
      store.meta.bumpGeneration();
    }
    ctx.options.inSlice?.(result.slices + 1, true);
  });
  result.slices += 1;
}

interface Lookahead {
  /** The next chunk (null at the end); the one after it is asked for at once. */
  take(): Promise<ReadItem[] | null>;
  /** Whether it is already known that no chunk follows the one taken last. */
  ended(): boolean;
}

function lookahead(incoming: IncomingReads): Lookahead {
  const source = Array.isArray(incoming) ? (async function* one() { yield incoming; })() : incoming;
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  const ask = () => {
    const next = iterator.next();
    next.then((r) => (done = r.done === true), () => undefined);
    return next;
  };
  let pending = ask();
  return {
    async take() {
      const r = await pending;
      if (r.done) return null;
      pending = ask();
      return r.value;
    },
    ended: () => done,
  };
}

interface SliceContext {
  source: SourceConfig;
  fetchState: FetchSuccess;
  priorityOf: (sourceId: string) => number;
  dedup: StorySettings;
  options: SliceOptions;
  ordered: ReadItem[];
  /** Whether no reads follow this chunk's (known before its last slice, as a rule). */
  ended: () => boolean;
}

interface SliceAt {
  next: number;
  /** Slices committed before this one, and whether they changed anything. */
  slices: number;
  changed: boolean;
}

/**
 * Whether a slice that stored `n` items in `elapsedMs` takes another: while storing so far, plus
 * placing and committing what it stored (at the last measured pace), stays within the budget. The
 * first slice, before any pace is known, takes half the budget.
 */
export function takesMore(pace: Readonly<Pace>, budgetMs: number, n: number, elapsedMs: number): boolean {
  if (n < pace.minItems) return true;
  const perItem = Math.max(0, pace.placeMs) + (pace.committed > 0 ? pace.commitMs / pace.committed : 0);
  return elapsedMs + n * perItem < budgetMs * (pace.placeMs < 0 ? 0.5 : 1);
}

/** One transaction: stores the next items the budget allows and places them. */
function commitSlice(store: Store, lifecycle: StoryLifecycle, ctx: SliceContext, at: SliceAt, pace: Pace) {
  const { source, fetchState, options } = ctx;
  const budget = typeof options.budgetMs === 'function' ? options.budgetMs() : options.budgetMs ?? SLICE_BUDGET_MS;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  return store.transaction(() => {
    const started = performance.now();
    let n = 0;
    const more = () => ++n < maxItems && takesMore(pace, budget, n, performance.now() - started);
    const stored = storeItems(store, source.id, ctx.ordered, fetchState.at, lifecycle, more, at.next);
    const last = at.next + stored.taken === ctx.ordered.length && ctx.ended();
    if (last) store.sources.recordSuccess(source.id, options.finalState?.() ?? fetchState);
    const placing = performance.now();
    const placed = placeStored(store, lifecycle, stored, fetchState.at, { settings: ctx.dedup, priorityOf: ctx.priorityOf });
    const visited = placed ? placed.placed + placed.skipped : 0;
    if (placed) {
      pace.placeMs = (performance.now() - placing) / Math.max(1, visited);
      pace.minItems = Math.max(1, visited - stored.fresh.size);
    }
    if (last && (placed || at.changed)) {
      store.websub.enqueue(fetchState.at);
      store.meta.bumpGeneration();
    }
    options.inSlice?.(at.slices + 1, last);
    return { counts: stored.counts, taken: stored.taken, visited, last, workMs: performance.now() - started };
  });
}

/** Readers re-render what the committed slices stored; a store that fails again keeps the first error. */
function bumpAfterFailure(store: Store): void {
  try {
    store.meta.bumpGeneration();
  } catch {
    // The refresh's own error is the one to report.
  }
}

/**
 * The reads in order of the earliest placement key each can touch (its stored position or its
 * new one); reads of one item stay together, in document order, so the last one still wins.
 * Yields every ORDER_RUN reads: a chunk's hundreds of lookups (an index probe and an id hash each)
 * would hold the thread for tens of milliseconds.
 */
export async function orderForCommit(items: Pick<ItemsTable, 'findByIdentity'>, sourceId: string, incoming: ReadItem[], at: string,
  turn: () => Promise<unknown>): Promise<ReadItem[]> {
  const groups = new Map<string, { key: OrderKey; reads: ReadItem[] }>();
  for (const [i, read] of incoming.entries()) {
    if (i > 0 && i % ORDER_RUN === 0) await turn();
    const identity = identityKey(read.item);
    const existing = items.findByIdentity(sourceId, identity);
    const id = existing?.id ?? itemId(sourceId, identity);
    // As upsertItem places it: from where it was and from where it will be.
    const keys = existing
      ? [existing.published ?? existing.fetchedAt, (existing.published && read.item.dateSource === 'first-seen' ? existing.published : read.item.published) ?? existing.fetchedAt]
      : [read.item.published ?? at];
    const key = { sortDate: keys.reduce((a, b) => (b < a ? b : a)), id };
    const group = groups.get(id);
    if (!group) groups.set(id, { key, reads: [read] });
    else {
      if (isBefore(key, group.key)) group.key = key;
      group.reads.push(read);
    }
  }
  return [...groups.values()].sort((a, b) => (isBefore(a.key, b.key) ? -1 : isBefore(b.key, a.key) ? 1 : 0)).flatMap((g) => g.reads);
}
