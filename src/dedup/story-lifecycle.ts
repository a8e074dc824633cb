/**
 * The one owner of the story lifecycle, used by ingest and by `recluster` alike: loading, syncing
 * and pruning the index, placing versions (assign, record, create the story, pick the canonical)
 * and rebuilding.
 *
 * The partition is defined as placing every item in placement order (sort date, then id), each
 * against what the items before it wrote. Ingest stores new and changed items, then places again
 * every item from the earliest one it touched: an item that arrives late (a partner's copy dated
 * before the wire's, a second process's source) is placed where it belongs in that order, and the
 * items after it are placed again after it. `recluster` is the same placing from the first item.
 * Every statistic a decision reads (background sentences, a source's chrome lines, the exact
 * layer, the canonical version) is counted over the window among items placed before, so online
 * ingest and `recluster` reach the same partition by construction, whatever the arrival order,
 * concurrency or process split. Index rows older than two windows are pruned as a cache: a late
 * item whose window was pruned has its window's rows rebuilt from the items first.
 */
import { analyzeText, type AnalyzedText } from './analyze.js';
import { assignStory, type Assignment, type CanonicalView, type PlacementView, type StorySettings } from './assign-story.js';
import { pickCanonical } from './canonical.js';
import { storyIdFor } from './identity.js';
import { LshIndex } from './lsh-index.js';
import { lineKey } from './prepare-text.js';
import { featuresOf, featuresOfRows } from './story-features.js';
import type { OrderKey, PlacedItem, StoryIndexPort } from './story-port.js';

export interface PlaceOptions {
  settings: StorySettings;
  priorityOf: (sourceId: string) => number;
  /** ISO time of this change (story rows' created/updated). */
  now: string;
  /** Items new or changed in this change: always placed, their stories touched. */
  fresh?: ReadonlySet<string>;
  /** Changed items' exact hash before the change (what they shared before counts as changed too). */
  previousHash?: ReadonlyMap<string, string>;
  /** Fresh items' analyses with no chrome dropped, worked out in a parse thread (by item id). */
  analyses?: ReadonlyMap<string, AnalyzedText>;
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
}

export class StoryLifecycle {
  private index = new LshIndex();
  private generation = -1;
  private newestAt = 0;
  private readonly analyses = new Map<string, AnalyzedText>();
  private precomputed: ReadonlyMap<string, AnalyzedText> | null = null;
  /** Canonical versions as of the item being placed; a story's entry goes when one of its items is visited. */
  private readonly canonicals = new Map<string, CanonicalView | null>();

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
   * no feature with what changed keep their decision (see story-features.ts). Run inside a transaction.
   */
  placeFrom(from: OrderKey | null, options: PlaceOptions): PlaceReport {
    this.precomputed = options.analyses ?? null;
    try {
      return this.placeAll(from, options);
    } finally {
      this.precomputed = null;
    }
  }

  private placeAll(from: OrderKey | null, options: PlaceOptions): PlaceReport {
    this.load();
    this.canonicals.clear();
    const window = options.settings.windowHours * 3600;
    const pass: Pass = { options, report: { placed: 0, skipped: 0, moved: 0, created: 0, joined: 0, touched: [] }, touched: new Set(), dirty: from ? new Set() : null };
    if (from) this.restoreRows(seconds(from.sortDate) - window, from);
    for (const [id, hash] of options.previousHash ?? []) {
      const item = this.port.item(id);
      if (item) for (const f of featuresOfRows(item.sourceId, hash, this.port.rowsOf(id))) pass.dirty?.add(f);
    }
    const removed = this.port.deleteRowsFrom(from);
    if (from) for (const id of removed) this.index.remove(id);
    else {
      this.index = new LshIndex();
      this.newestAt = 0;
      this.port.setPrunedBefore(0);
    }
    for (let cursor = from, batch: PlacedItem[] = []; ; ) {
      batch = this.port.itemsFrom(cursor, BATCH);
      for (const item of batch) this.visit(item, pass);
      const last = batch.at(-1);
      if (!last || batch.length < BATCH) break;
      cursor = { sortDate: last.sortDate, id: `${last.id}\u0000` };
      this.prune(seconds(last.sortDate), options.settings);
    }
    for (const storyId of pass.touched) this.refreshCanonical(storyId, options);
    this.prune(Date.parse(options.now) / 1000, options.settings);
    this.generation = this.port.bumpGeneration();
    return { ...pass.report, touched: [...pass.touched] };
  }

  /** Places an item again when it is fresh or shares a changed feature; else only writes its rows back. */
  private visit(item: PlacedItem, pass: Pass): void {
    const at = seconds(item.sortDate);
    this.canonicals.delete(item.storyId);
    const stored = pass.options.fresh?.has(item.id) ? null : this.port.version(item.id);
    if (stored && pass.dirty) {
      const analysis = this.analyzed(item, stored.chrome);
      if (!featuresOf(item.sourceId, item.contentHash, analysis).some((f) => pass.dirty?.has(f))) {
        this.record(item, item.storyId, at, analysis);
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
    const dirty = pass.dirty;
    if (!dirty) return;
    const add = (features: string[]) => features.forEach((f) => dirty.add(f));
    add(featuresOf(item.sourceId, item.contentHash, analysis));
    if (storedChrome) add(featuresOf(item.sourceId, item.contentHash, this.analyzed(item, storedChrome)));
    for (const storyId of stories) {
      pass.touched.add(storyId);
      for (const version of this.port.versionsOf(storyId)) {
        const member = version.id === item.id ? null : this.port.item(version.id);
        if (member) add(featuresOf(member.sourceId, member.contentHash, this.analyzed(member, this.port.version(member.id)?.chrome ?? [])));
      }
    }
  }

  private record(item: PlacedItem, storyId: string, at: number, analysis: AnalyzedText): void {
    const sentences = analysis.sentenceHashes.map((hash, position) => ({ hash, position })).filter((s) => s.hash !== 0);
    if (analysis.headlineHash !== 0) sentences.push({ hash: analysis.headlineHash, position: -1 });
    this.port.putRows({ itemId: item.id, storyId, sourceId: item.sourceId, at, bandKeys: analysis.bandKeys, sentences, lineKeys: analysis.lineKeys });
    if (analysis.bandKeys) this.index.add({ itemId: item.id, storyId, at, bandKeys: analysis.bandKeys });
    this.newestAt = Math.max(this.newestAt, at);
  }

  /** Lines of this item its source printed under `chromeLineStories` stories within the window. */
  private chromeOf(item: PlacedItem, at: number, settings: StorySettings): Set<number> {
    const window = settings.windowHours * 3600;
    const chrome = new Set<number>();
    for (const raw of item.contentText.split(/\r?\n/)) {
      const key = raw.trim() === '' ? 0 : lineKey(raw.trim());
      if (key === 0 || chrome.has(key)) continue;
      const n = this.port.lineStories(item.sourceId, key, at - window, at + window, settings.chromeLineStories);
      if (n >= settings.chromeLineStories) chrome.add(key);
    }
    return chrome;
  }

  private viewAt(item: PlacedItem, at: number, options: PlaceOptions): PlacementView {
    const window = options.settings.windowHours * 3600;
    const [from, to] = [at - window, at + window];
    const canonicals = this.canonicals;
    return {
      exactStory: (hash) => this.port.exactStory(hash, item.sourceId, new Date(from * 1000).toISOString(), item),
      lshStories: (keys) => this.index.query(keys, from, to),
      stories: (hash, limit) => this.port.sentenceStories(hash, from, to, limit),
      canonicalOf: (storyId) => {
        if (!canonicals.has(storyId)) canonicals.set(storyId, this.canonicalAsOf(storyId, item, options.priorityOf));
        return canonicals.get(storyId) ?? null;
      },
    };
  }

  /** The story's canonical version among the versions placed before `before`, analysed as when it was placed. */
  private canonicalAsOf(storyId: string, before: OrderKey, priorityOf: (sourceId: string) => number): CanonicalView | null {
    const best = this.pickBest(this.port.versionsBefore(storyId, before), priorityOf);
    const item = best ? this.port.item(best) : null;
    return item ? { itemId: item.id, analysis: this.analyzed(item, this.port.version(item.id)?.chrome ?? []) } : null;
  }

  /** An item's text analysed with these chrome lines dropped (cached: replays analyse the same items again). */
  private analyzed(item: PlacedItem, chrome: number[]): AnalyzedText {
    const key = `${item.id}:${item.contentHash}:${chrome.join(',')}`;
    let analysis = this.analyses.get(key);
    if (!analysis) {
      analysis = (chrome.length === 0 ? this.precomputed?.get(item.id) : undefined) ?? analyzeText(item, new Set(chrome));
      if (this.analyses.size >= ANALYSIS_CACHE) this.analyses.delete(this.analyses.keys().next().value ?? '');
      this.analyses.set(key, analysis);
    }
    return analysis;
  }

  private pickBest(rows: ReturnType<StoryIndexPort['versionsOf']>, priorityOf: (sourceId: string) => number): string | null {
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

  /** Drops index rows and memory older than the kept windows. */
  private prune(nowSeconds: number, settings: StorySettings): void {
    const newest = Math.min(this.newestAt, nowSeconds + MAX_FUTURE_SECONDS);
    if (newest === 0) return;
    const cutoff = newest - KEEP_WINDOWS * settings.windowHours * 3600;
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
