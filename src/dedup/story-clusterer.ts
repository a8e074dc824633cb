/**
 * The story layer bound to a store: keeps the in-memory LSH index of the active window in step
 * with story_signatures (by seq, so rows written by another process are seen too), assigns new
 * versions to stories, and records what later items are compared against.
 */
import type { Store } from '../store/open-store.js';
import { analyzeText, type AnalyzedText } from './analyze.js';
import { assignStory, type Assignment, type CanonicalText, type NewVersion, type StoryPorts, type StorySettings } from './assign-story.js';
import { LshIndex } from './lsh-index.js';

const SYNC_BATCH = 5000;
const CANONICAL_CACHE = 2048;
/** Index rows are kept this many windows back, so late items still find their story. */
const KEEP_WINDOWS = 2;
/** Item dates beyond this far in the future do not move the window (bogus feed dates). */
const MAX_FUTURE_SECONDS = 86_400;

export class StoryClusterer {
  readonly index = new LshIndex();
  private lastSeq = 0;
  private newestAt = 0;
  private readonly canonicalCache = new Map<string, AnalyzedText>();
  private readonly ports: StoryPorts;

  constructor(private readonly store: Store, public settings: StorySettings, ports?: StoryPorts) {
    this.ports = ports ?? storePorts(store);
  }

  /** Reads index rows written since the last sync (by this or another process). */
  sync(): void {
    for (;;) {
      const rows = this.store.signatures.since(this.lastSeq, this.cutoff(), SYNC_BATCH);
      for (const row of rows) {
        this.lastSeq = row.seq;
        this.newestAt = Math.max(this.newestAt, row.at);
        if (row.bandKeys) this.index.add({ itemId: row.itemId, storyId: row.storyId, at: row.at, bandKeys: row.bandKeys });
        else this.index.remove(row.itemId);
      }
      if (rows.length < SYNC_BATCH) return;
    }
  }

  assign(version: NewVersion): Assignment {
    return assignStory(version, {
      ports: this.ports, index: this.index, settings: this.settings,
      analyzeCanonical: (canonical) => this.analyzeCanonical(canonical),
    });
  }

  /** Stores a version's index rows under its story (new item, or changed text of an old one). */
  record(itemId: string, storyId: string, sourceId: string, at: number, analysis: AnalyzedText): void {
    this.store.signatures.put({ itemId, storyId, at, bandKeys: analysis.bandKeys });
    const sentences = analysis.sentenceHashes.map((hash, position) => ({ hash, position })).filter((s) => s.hash !== 0);
    this.store.sentences.put(itemId, storyId, at, sentences);
    this.store.sourceLines.record(sourceId, analysis.lineKeys, storyId);
    this.sync();
  }

  /** Analyzes an item's text the way assign does (for recording an updated version). */
  analyze(sourceId: string, title: string, contentText: string): AnalyzedText {
    return analyzeText({ title, contentText }, (key) => this.ports.chromeLineStories(sourceId, key) >= this.settings.chromeLineStories);
  }

  /** Drops index rows and memory older than the kept windows. */
  prune(nowSeconds: number): void {
    const cutoff = this.cutoff(nowSeconds);
    this.store.signatures.deleteOlderThan(cutoff);
    this.store.sentences.deleteOlderThan(cutoff);
    // Eviction scans the whole index: run it when a twentieth of a window has gone by.
    this.index.evictBefore(cutoff, (this.settings.windowHours * 3600) / 20);
  }

  private cutoff(nowSeconds = Number.POSITIVE_INFINITY): number {
    const newest = Math.min(this.newestAt, nowSeconds + MAX_FUTURE_SECONDS);
    return newest === 0 ? 0 : newest - KEEP_WINDOWS * this.settings.windowHours * 3600;
  }

  private analyzeCanonical(canonical: CanonicalText): AnalyzedText {
    const key = `${canonical.itemId}:${canonical.contentHash}`;
    const cached = this.canonicalCache.get(key);
    if (cached) return cached;
    const analysis = this.analyze(canonical.sourceId, canonical.title, canonical.contentText);
    if (this.canonicalCache.size >= CANONICAL_CACHE) {
      const oldest = this.canonicalCache.keys().next().value;
      if (oldest !== undefined) this.canonicalCache.delete(oldest);
    }
    this.canonicalCache.set(key, analysis);
    return analysis;
  }
}

export function storePorts(store: Store): StoryPorts {
  return {
    storyByContentHash: (hash, sourceId) => store.items.findStoryByContentHash(hash, sourceId),
    canonicalOf: (storyId) => {
      const itemId = store.stories.get(storyId)?.canonicalItemId;
      const item = itemId ? store.items.get(itemId) : null;
      return item ? { itemId: item.id, sourceId: item.sourceId, contentHash: item.contentHash, title: item.title, contentText: item.contentText } : null;
    },
    sentenceStories: (hash, from, to, limit) => [...new Set(store.sentences.find(hash, from, to, limit).map((h) => h.storyId))],
    storiesWithSentence: (hash, limit) => store.sentences.storiesOf(hash, limit),
    chromeLineStories: (sourceId, key) => store.sourceLines.stories(sourceId, key),
  };
}

const CLUSTERERS = new WeakMap<Store, StoryClusterer>();

/** One clusterer per open store, so the index is loaded once per process. */
export function storyClustererFor(store: Store, settings: StorySettings): StoryClusterer {
  let clusterer = CLUSTERERS.get(store);
  if (!clusterer) {
    clusterer = new StoryClusterer(store, settings);
    CLUSTERERS.set(store, clusterer);
  }
  clusterer.settings = settings;
  clusterer.sync();
  return clusterer;
}

/** Forgets a store's clusterer (after `recluster` rewrote the index). */
export function dropStoryClusterer(store: Store): void {
  CLUSTERERS.delete(store);
}

/** Epoch seconds of an item's sort date. */
export function sortSeconds(published: string | null, fetchedAt: string): number {
  const ms = Date.parse(published ?? fetchedAt);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : Math.floor(Date.parse(fetchedAt) / 1000) || 0;
}
