/**
 * The one owner of the story lifecycle, used by ingest and by `recluster` alike: loading, syncing
 * and pruning the index, placing versions (assign, record, create the story, pick the canonical)
 * and rebuilding.
 *
 * The partition is defined as placing every item in placement order (sort date, then id), each
 * against what the items before it wrote. Ingest stores new and changed items, then places again
 * from the earliest key it touched: an item that arrives late (a partner's copy dated before the
 * wire's, a second process's source) is placed where it belongs in that order, and what it changes
 * after it is placed again after it. `recluster` is the same placing from the first item. Every
 * statistic a decision reads (background sentences, a source's chrome lines, the exact layer, the
 * LSH index, the canonical version) is read bounded by the placement key of the item being placed,
 * among items dated in its window, so online ingest and `recluster` reach the same partition by
 * construction, whatever the arrival order, concurrency or process split. Index rows of later
 * items stay stored (the bound hides them); rows older than two windows are pruned as a cache: a
 * late item whose window was pruned has its window's rows rebuilt from the items first.
 *
 * Which items a pass visits, and why it decides as placing every item from `from` in order would.
 * That sequential pass places an item again when it is forced (fresh, or never placed) or when one
 * of its features (story-features.ts: exact hash, sentence and headline hashes, band keys, its
 * source's line keys, as its stored rows hold them) is in `dirty`; otherwise it keeps its story,
 * version and rows. `dirty` grows only from items before the one checked: the changed items'
 * previous rows at the start, every version of a story a placement left or joined (at once), and a
 * changed placement's own features (`deferred`: added before the next item that is not forced is
 * checked, so a run of forced items, a cold fill, never computes them). This pass visits instead,
 * from a queue in placement order, the forced items and, whenever a feature becomes dirty, the items
 * after the current key that carry it (reverse lookups over the stored rows, the items' hashes and
 * the LSH index). An item X after the cursor has the rows it was last placed with (nothing after
 * the cursor has been rewritten), so X carries a dirty feature exactly when a lookup of that feature
 * found X: the queue holds exactly the items the sequential pass would place again, and the others
 * provably decide the same. Deferred features are looked up from the cursor when they are added:
 * the items between the placement they came from and the cursor are all forced, hence visited
 * anyway. Items dated before the pruned date have no rows to be found by: from `from` up to that
 * date each item is checked in turn, as the sequential pass does, and its rows written back.
 */
import { analyzeText, type AnalyzedText } from './analyze.js';
import { assignStory, type Assignment, type CanonicalView, type PlacementView, type StorySettings } from './assign-story.js';
import { pickCanonical } from './canonical.js';
import { storyIdFor } from './identity.js';
import { LshIndex } from './lsh-index.js';
import { lineKey } from './prepare-text.js';
import { compareKeys } from './memory-story-index.js';
import { laterSharing, PlacementQueue } from './placement-queue.js';
import { featureKeysOf, featuresOf, featuresOfRows } from './story-features.js';
import type { OrderKey, PlacedItem, RankedRow, StoryIndexPort } from './story-port.js';

export interface PlaceOptions {
  settings: StorySettings;
  priorityOf: (sourceId: string) => number;
  /** ISO time of this change (story rows' created/updated). */
  now: string;
  /** Items new or changed in this change: always placed, their stories touched. */
  fresh?: ReadonlySet<string>;
  /** Changed items' exact hash before the change (what they shared before counts as changed too). */
  previousHash?: ReadonlyMap<string, string>;
}

export interface PlaceReport {
  /** Items whose decision was worked out again (the others provably decide the same). */
  placed: number;
  skipped: number;
  /** Items whose story changed (new items that joined an existing story included). */
  moved: number;
  /** New items that opened a story, and that joined one. */
  created: number;
  joined: number;
  /** Stories whose versions changed in this pass (their canonical was picked again). */
  touched: string[];
}

const BATCH = 500;
const ANALYSIS_CACHE = 4096;
/** Stories read per sentence hash in one placement (assign-story asks for 4, then 32, for its opening sentences). */
const CARRIERS_READ = 32;
/** Index rows are kept this many windows back from the newest item. */
const KEEP_WINDOWS = 2;
/** Item dates beyond this far in the future do not move the window (bogus feed dates). */
const MAX_FUTURE_SECONDS = 86_400;

interface Pass {
  options: PlaceOptions;
  report: PlaceReport;
  /** Stories whose versions changed: their canonical is picked again at the end. */
  touched: Set<string>;
  /** Features whose carriers changed in this pass: an item sharing one is placed again. */
  dirty: Set<string> | null;
  /** Changed placements' own features, added to `dirty` only when the next item is not forced (a cold fill has none). */
  deferred: Array<() => string[]>;
  /** Items to visit, in placement order (null: `recluster` visits every item). */
  queue: PlacementQueue | null;
  /** The item being (or last) placed: reverse lookups find the items after it. */
  cursor: OrderKey | null;
  /** The next item dated before the pruned date, whose rows are not stored (each is visited in turn). */
  region: { next: OrderKey; until: number } | null;
}

interface CanonicalAsOf {
  view: CanonicalView | null;
  /** The story's first version at or after the key it was worked out for: it holds for keys up to this one. */
  until: OrderKey | null;
}

export class StoryLifecycle {
  private index = new LshIndex();
  private generation = -1;
  private newestAt = 0;
  /** Analyses by item, exact hash and chrome, each with the text it was made from. */
  private readonly analyses = new Map<string, { title: string; contentText: string; analysis: AnalyzedText }>();
  /** Analyses the commit already made of the items it is about to place (without chrome), used once. */
  private readonly seeded = new Map<string, AnalyzedText>();
  /** Canonical versions as of the item being placed, each until the story's next version; a story's entry goes when one of its items is visited. */
  private readonly canonicals = new Map<string, CanonicalAsOf>();

  constructor(private readonly port: StoryIndexPort) {}

  get indexSize(): number {
    return this.index.size;
  }

  indexBytes(): number {
    return this.index.typedBytes();
  }

  /** Forgets the in-memory index (after a rollback): the next call reloads it. */
  invalidate(): void {
    this.generation = -1;
    this.seeded.clear();
  }

  /** Hands over the analysis (no chrome dropped) of an item stored in this change, so placing it does not redo it. */
  seed(itemId: string, contentHash: string, analysis: AnalyzedText): void {
    this.seeded.set(`${itemId}:${contentHash}:`, analysis);
  }

  /** Loads the in-memory index when another process (or a rollback) changed the stored one. */
  load(): void {
    if (this.port.generation() === this.generation) return;
    this.index = new LshIndex();
    this.newestAt = 0;
    for (const row of this.port.signaturesSince(this.port.prunedBefore())) {
      this.index.add(row);
      this.newestAt = Math.max(this.newestAt, row.at);
    }
    this.generation = this.port.generation();
  }

  /**
   * Places every item from `from` on (every item when null), in placement order. Items that share
   * no feature with what changed keep their decision (see story-features.ts) and are not visited.
   * Run inside a transaction.
   */
  placeFrom(from: OrderKey | null, options: PlaceOptions): PlaceReport {
    try {
      return this.placeAll(from, options);
    } finally {
      this.seeded.clear();
    }
  }

  private placeAll(from: OrderKey | null, options: PlaceOptions): PlaceReport {
    this.load();
    this.canonicals.clear();
    const pass: Pass = { options, report: { placed: 0, skipped: 0, moved: 0, created: 0, joined: 0, touched: [] }, touched: new Set(),
      dirty: from ? new Set() : null, deferred: [], queue: from ? new PlacementQueue() : null, cursor: null, region: null };
    if (from) this.placeReached(from, pass);
    else this.placeEverything(pass);
    for (const storyId of pass.touched) this.refreshCanonical(storyId, options);
    this.prune(Date.parse(options.now) / 1000, options.settings);
    this.generation = this.port.bumpGeneration();
    return { ...pass.report, touched: [...pass.touched] };
  }

  /** `recluster`: every row dropped, every item placed again in order. */
  private placeEverything(pass: Pass): void {
    this.port.deleteRowsFrom(null);
    this.index = new LshIndex();
    this.newestAt = 0;
    this.port.setPrunedBefore(0);
    for (let cursor: OrderKey | null = null, batch: PlacedItem[] = []; ; ) {
      batch = this.port.itemsFrom(cursor, BATCH);
      for (const item of batch) this.visit(item, pass, true);
      const last = batch.at(-1);
      if (!last || batch.length < BATCH) break;
      cursor = { sortDate: last.sortDate, id: `${last.id}\u0000` };
      this.prune(seconds(last.sortDate), pass.options.settings);
    }
  }

  /** Visits the items a change can reach, in placement order (see the module comment). */
  private placeReached(from: OrderKey, pass: Pass): void {
    const { options } = pass;
    const queue = pass.queue!;
    const window = options.settings.windowHours * 3600;
    // What changed items shared before the change, read before their rows go.
    const before: string[] = [];
    for (const [id, hash] of options.previousHash ?? []) {
      const item = this.port.item(id);
      if (item) before.push(...featuresOfRows(item.sourceId, hash, this.port.rowsOf(id)));
    }
    const fresh = this.freshItems(from, options.fresh);
    const forced = [...fresh.keys()].map((id) => ({ sortDate: fresh.get(id)!.sortDate, id })).concat(this.port.unplacedFrom(from));
    this.port.deleteRowsOf(forced.map((k) => k.id));
    for (const key of forced) {
      this.index.remove(key.id);
      queue.push(key, true);
    }
    const prunedBefore = this.port.prunedBefore();
    this.restoreRows(seconds(from.sortDate) - window, from);
    // Items from `from` dated before the pruned date have no rows to be found by: each is looked at in turn.
    const first = seconds(from.sortDate) < prunedBefore ? this.port.nextAfter(from) : null;
    pass.region = first ? { next: first, until: prunedBefore } : null;
    this.markDirty(before, pass, from);
    for (let visits = 1; ; visits++) {
      if (pass.deferred.length > 0 && pass.cursor && this.isCheckedNext(pass.cursor, queue)) {
        for (const features of pass.deferred.splice(0)) this.markDirty(features(), pass, pass.cursor);
      }
      const next = this.nextToVisit(pass);
      const item = next ? (fresh.get(next.key.id) ?? this.port.item(next.key.id)) : null;
      if (!next) break;
      fresh.delete(next.key.id);
      if (!item) continue;
      pass.cursor = { sortDate: item.sortDate, id: item.id };
      this.visit(item, pass, next.scanned);
      if (visits % BATCH === 0) this.prune(seconds(item.sortDate), options.settings, seconds(item.sortDate) - window);
    }
  }

  /** Fresh items at or after `from`, read once for their keys and for placing them. */
  private freshItems(from: OrderKey, fresh: ReadonlySet<string> | undefined): Map<string, PlacedItem> {
    const items = new Map<string, PlacedItem>();
    for (const id of fresh ?? []) {
      const item = this.port.item(id);
      if (item && compareKeys(item, from) >= 0) items.set(id, item);
    }
    return items;
  }

  /** Whether the item right after `cursor` is one a sequential pass would check against the changed features (it is not forced). */
  private isCheckedNext(cursor: OrderKey, queue: PlacementQueue): boolean {
    const next = this.port.nextAfter(cursor);
    return next !== null && !queue.isForced(next.id);
  }

  /** The next item to visit: the queue's, or the pruned region's when it comes first. */
  private nextToVisit(pass: Pass): { key: OrderKey; scanned: boolean } | null {
    const queue = pass.queue!;
    const region = pass.region;
    const top = queue.peek();
    if (region && (!top || compareKeys(region.next, top) <= 0)) {
      const key = region.next;
      if (top?.id === key.id) queue.pop();
      const after = this.port.nextAfter(key);
      pass.region = after && seconds(after.sortDate) < region.until ? { ...region, next: after } : null;
      return { key, scanned: true };
    }
    const key = queue.pop();
    return key ? { key, scanned: false } : null;
  }

  /** Features become dirty: the items after `after` that share one are queued (a feature already dirty was looked up earlier). */
  private markDirty(features: string[], pass: Pass, after: OrderKey): void {
    const { dirty, queue } = pass;
    if (!dirty || !queue) return;
    for (const feature of features) {
      if (dirty.has(feature)) continue;
      dirty.add(feature);
      for (const key of laterSharing(feature, after, this.port, this.index)) queue.push(key);
    }
  }

  /**
   * Places an item again when it is forced or shares a changed feature; else it keeps its
   * decision and its rows (written back only when `scanned` from the pruned region, which has none).
   */
  private visit(item: PlacedItem, pass: Pass, scanned: boolean): void {
    const at = seconds(item.sortDate);
    this.canonicals.delete(item.storyId);
    const forced = pass.queue ? pass.queue.isForced(item.id) : pass.options.fresh?.has(item.id) === true;
    const stored = forced ? null : this.port.version(item.id);
    if (stored && pass.dirty) {
      const analysis = this.analyzed(item, stored.chrome);
      if (!featuresOf(item.sourceId, item.contentHash, analysis).some((f) => pass.dirty?.has(f))) {
        if (scanned) this.record(item, item.storyId, at, analysis);
        pass.report.skipped++;
        return;
      }
    }
    this.placeOne(item, at, stored?.chrome ?? null, pass);
  }

  private placeOne(item: PlacedItem, at: number, storedChrome: number[] | null, pass: Pass): void {
    const { options, report } = pass;
    const chrome = this.chromeOf(item, at, options.settings);
    const analysis = this.analyzed(item, [...chrome].sort((a, b) => a - b));
    const assignment = assignStory({ contentHash: item.contentHash, analysis }, this.viewAt(item, at, options), options.settings);
    const storyId = assignment.storyId ?? storyIdFor(item.id);
    const isFresh = options.fresh?.has(item.id) === true;
    const moved = storyId !== item.storyId;
    this.canonicals.delete(storyId);
    if (moved) {
      this.port.setStory(item.id, storyId, options.now);
      report.moved++;
    }
    if (moved || isFresh || !pass.dirty) pass.touched.add(storyId);
    if (isFresh) assignment.storyId ? report.joined++ : report.created++;
    const chromeChanged = storedChrome !== null && storedChrome.join(',') !== [...chrome].sort((a, b) => a - b).join(',');
    if (pass.dirty && (moved || isFresh || chromeChanged)) this.markChanged(item, analysis, moved ? [item.storyId, storyId] : [], storedChrome, pass);
    this.record(item, storyId, at, analysis);
    this.port.putVersion(versionOf(item.id, storyId, assignment, chrome));
    report.placed++;
  }

  /** What a changed placement shares becomes dirty, and so does every version of the stories it left or joined. */
  private markChanged(item: PlacedItem, analysis: AnalyzedText, stories: string[], storedChrome: number[] | null, pass: Pass): void {
    if (!pass.dirty) return;
    const own = featureKeysOf(analysis);
    pass.deferred.push(() => featuresOf(item.sourceId, item.contentHash, own));
    if (storedChrome) pass.deferred.push(() => featuresOf(item.sourceId, item.contentHash, this.analyzed(item, storedChrome)));
    for (const storyId of stories) {
      pass.touched.add(storyId);
      for (const version of this.port.versionsOf(storyId)) {
        const member = version.id === item.id ? null : this.port.item(version.id);
        if (member) this.markDirty(featuresOf(member.sourceId, member.contentHash, this.analyzed(member, this.port.version(member.id)?.chrome ?? [])), pass, item);
      }
    }
  }

  private record(item: PlacedItem, storyId: string, at: number, analysis: AnalyzedText): void {
    const sentences = analysis.sentenceHashes.map((hash, position) => ({ hash, position })).filter((s) => s.hash !== 0);
    if (analysis.headlineHash !== 0) sentences.push({ hash: analysis.headlineHash, position: -1 });
    const sortDate = item.sortDate;
    this.port.putRows({ itemId: item.id, storyId, sourceId: item.sourceId, at, sortDate, bandKeys: analysis.bandKeys, sentences, lineKeys: analysis.lineKeys });
    if (analysis.bandKeys) this.index.add({ itemId: item.id, storyId, at, sortDate, bandKeys: analysis.bandKeys });
    else this.index.remove(item.id);
    this.newestAt = Math.max(this.newestAt, at);
  }

  /** Lines of this item its source printed under `chromeLineStories` stories within the window. */
  private chromeOf(item: PlacedItem, at: number, settings: StorySettings): Set<number> {
    const window = settings.windowHours * 3600;
    const chrome = new Set<number>();
    for (const raw of item.contentText.split(/\r?\n/)) {
      const key = raw.trim() === '' ? 0 : lineKey(raw.trim());
      if (key === 0 || chrome.has(key)) continue;
      const n = this.port.lineStories(item.sourceId, key, at - window, at + window, settings.chromeLineStories, item);
      if (n >= settings.chromeLineStories) chrome.add(key);
    }
    return chrome;
  }

  private viewAt(item: PlacedItem, at: number, options: PlaceOptions): PlacementView {
    const window = options.settings.windowHours * 3600;
    const [from, to] = [at - window, at + window];
    const canonicals = this.canonicals;
    const carriers = this.carriersOf(from, to, item);
    return {
      exactStory: (hash) => this.port.exactStory(hash, item.sourceId, new Date(from * 1000).toISOString(), item),
      lshStories: (keys) => this.index.query(keys, from, to, item),
      stories: carriers,
      canonicalOf: (storyId) => {
        let entry = canonicals.get(storyId);
        if (!entry || (entry.until && compareKeys(item, entry.until) > 0)) canonicals.set(storyId, (entry = this.canonicalAsOf(storyId, item, options.priorityOf)));
        return entry.view;
      },
    };
  }

  /**
   * The port's sentence lookups for one placement, each hash read once: a hash is read up to
   * CARRIERS_READ stories and a smaller limit gets the prefix (the same query stops earlier).
   */
  private carriersOf(from: number, to: number, before: OrderKey): (hash: number, limit: number) => string[] {
    const read = new Map<number, { limit: number; stories: string[] }>();
    return (hash, limit) => {
      let entry = read.get(hash);
      if (!entry || (entry.limit < limit && entry.stories.length >= entry.limit)) {
        const wanted = Math.max(limit, CARRIERS_READ);
        read.set(hash, (entry = { limit: wanted, stories: this.port.sentenceStories(hash, from, to, wanted, before) }));
      }
      return entry.stories.slice(0, limit);
    };
  }

  /**
   * The story's canonical version among the versions placed before `before`, analysed as when it
   * was placed, and the key up to which it holds (the story's next version from `before` on).
   */
  private canonicalAsOf(storyId: string, before: OrderKey, priorityOf: (sourceId: string) => number): CanonicalAsOf {
    let until: OrderKey | null = null;
    const earlier: RankedRow[] = [];
    for (const row of this.port.versionsOf(storyId)) {
      if (compareKeys(row, before) < 0) earlier.push(row);
      else if (!until || compareKeys(row, until) < 0) until = { sortDate: row.sortDate, id: row.id };
    }
    const best = this.pickBest(earlier, priorityOf);
    const item = best ? this.port.item(best) : null;
    return { until, view: item ? { itemId: item.id, analysis: this.analyzed(item, this.port.version(item.id)?.chrome ?? []) } : null };
  }

  /** An item's text analysed with these chrome lines dropped (cached: replays analyse the same items again). */
  private analyzed(item: PlacedItem, chrome: number[]): AnalyzedText {
    const key = `${item.id}:${item.contentHash}:${chrome.join(',')}`;
    // The exact hash leaves out lines the analysis keeps (boilerplate like "Lire la suite" is
    // still a line key, counted for chrome): an update that only adds such a line keeps its hash,
    // so a cached analysis holds only for the very text it was made from.
    const cached = this.analyses.get(key);
    if (cached && cached.title === item.title && cached.contentText === item.contentText) return cached.analysis;
    const seeded = this.seeded.get(key);
    this.seeded.delete(key);
    const analysis = seeded ?? analyzeText(item, new Set(chrome));
    if (!cached && this.analyses.size >= ANALYSIS_CACHE) this.analyses.delete(this.analyses.keys().next().value ?? '');
    this.analyses.set(key, { title: item.title, contentText: item.contentText, analysis });
    return analysis;
  }

  private pickBest(rows: RankedRow[], priorityOf: (sourceId: string) => number): string | null {
    const ranked = rows.map((r) => ({ item: { id: r.id, published: r.published, fetchedAt: r.fetchedAt, contentText: { length: r.length } }, priority: priorityOf(r.sourceId) }));
    return pickCanonical(ranked)?.item.id ?? null;
  }

  private refreshCanonical(storyId: string, options: PlaceOptions): void {
    const best = this.pickBest(this.port.versionsOf(storyId), options.priorityOf);
    if (best) this.port.setCanonical(storyId, best, options.now);
    else this.port.deleteStoryIfEmpty(storyId);
  }

  /** Rebuilds the index rows of items in [sinceAt, before) that were pruned (a late item's window). */
  private restoreRows(sinceAt: number, before: OrderKey): void {
    const prunedBefore = this.port.prunedBefore();
    if (sinceAt >= prunedBefore) return;
    for (const item of this.port.itemsBefore(new Date(Math.max(0, sinceAt) * 1000).toISOString(), before)) {
      const at = seconds(item.sortDate);
      if (at >= prunedBefore) break;
      this.record(item, item.storyId, at, this.analyzed(item, this.port.version(item.id)?.chrome ?? []));
    }
    this.port.setPrunedBefore(sinceAt);
  }

  /** Drops index rows and memory older than the kept windows (and than `floor`: what the next placement reads stays). */
  private prune(nowSeconds: number, settings: StorySettings, floor = Number.POSITIVE_INFINITY): void {
    const newest = Math.min(this.newestAt, nowSeconds + MAX_FUTURE_SECONDS);
    if (newest === 0) return;
    const cutoff = Math.min(floor, newest - KEEP_WINDOWS * settings.windowHours * 3600);
    if (cutoff <= this.port.prunedBefore()) return;
    this.port.pruneRowsBefore(cutoff);
    this.port.setPrunedBefore(cutoff);
    // Eviction scans the whole index: run it when a twentieth of a window has gone by.
    this.index.evictBefore(cutoff, (settings.windowHours * 3600) / 20);
  }
}

function versionOf(itemId: string, storyId: string, a: Assignment, chrome: Set<number>) {
  return { itemId, storyId, via: a.via, comparedItemId: a.comparedItemId, jaccard: a.similarity?.jaccard ?? null,
    containment: a.similarity?.containment ?? null, chrome: [...chrome].sort((x, y) => x - y) };
}

/** Epoch seconds of a sort date (ISO). */
export function seconds(sortDate: string): number {
  const ms = Date.parse(sortDate);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

const LIFECYCLES = new WeakMap<object, StoryLifecycle>();

/**
 * The lifecycle of a store in this process: only a cache of the in-memory index, which reloads
 * itself whenever the stored index generation moved (another process, a rollback, a recluster).
 */
export function storyLifecycleFor(store: { storyIndex: StoryIndexPort }): StoryLifecycle {
  let lifecycle = LIFECYCLES.get(store);
  if (!lifecycle) {
    lifecycle = new StoryLifecycle(store.storyIndex);
    LIFECYCLES.set(store, lifecycle);
  }
  return lifecycle;
}
