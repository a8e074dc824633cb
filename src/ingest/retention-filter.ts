/**
 * Before commit, what retention has already decided (README "Retention"): an entry dated before
 * the retention cutoff is not stored, and an entry whose item was pruned (its tombstone) is not
 * stored again — unless the source edited it and dated it inside retention, a correction a curated
 * feed can still show. Both count as "older than retention". Items already stored always pass
 * (their updates are the commit's business).
 */
import { retentionCutoff } from '../config/retention-window.js';
import type { Config } from '../config/schema.js';
import { contentHash } from '../dedup/content-hash.js';
import { identityKey, itemId } from '../dedup/identity.js';
import type { NormalizedItem } from '../model/item.js';
import type { ReadItem } from '../model/read-document.js';
import type { ItemsTable } from '../store/items-table.js';
import { hexKey64, tombstoneKey, type TombstonesTable } from '../store/tombstones-table.js';

export interface RetentionPorts {
  items: Pick<ItemsTable, 'findByIdentity'>;
  tombstones: Pick<TombstonesTable, 'find' | 'recordRead'>;
}

export interface Admitted {
  items: ReadItem[];
  /** Entries left out as older than retention. */
  tooOld: number;
}

export type Verdict = 'store' | 'too-old' | 'revived';

/** The decision for one entry not in the store; `buried` is its tombstone's content key, if any. */
export function judgeEntry(item: NormalizedItem, buried: bigint | undefined, cutoffMs: number): Verdict {
  const at = item.published === null ? Number.NaN : Date.parse(item.published);
  const datedInside = at >= cutoffMs;
  if (buried === undefined) return Number.isFinite(at) && !datedInside ? 'too-old' : 'store';
  return datedInside && hexKey64(contentHash(item)) !== buried ? 'revived' : 'too-old';
}

/** Filters one full read of a source's feed and records it (tombstones still carried, the count). */
export function admitWithinRetention(ports: RetentionPorts, sourceId: string, incoming: ReadItem[], config: Config, now: Date): Admitted {
  const pass = createRetentionPass(ports, sourceId, config, now);
  const items = pass.admit(incoming);
  return { items, tooOld: pass.tooOld() };
}

/** One read judged chunk by chunk, with the verdicts one judgement of the whole read gives. */
export interface RetentionPass {
  /** Filters the next chunk and records what it saw (the count so far: the last chunk records the read's). */
  admit(chunk: ReadItem[]): ReadItem[];
  tooOld(): number;
}

/**
 * Every read of an item is judged against the store as it was before the pass: an identity first
 * seen new stays new (with its tombstone, if any) when a later chunk reads it again, even though
 * the commit stored it meanwhile.
 */
export function createRetentionPass(ports: RetentionPorts, sourceId: string, config: Config, now: Date): RetentionPass {
  const cutoffMs = retentionCutoff(config, now).getTime();
  const at = Math.floor(now.getTime() / 1000);
  /** Identities new before the pass: their tombstone key, and the content key of their tombstone if they had one. */
  const judged = new Map<string, { key: bigint; buried: bigint | undefined }>();
  let tooOld = 0;
  return {
    admit(chunk) {
      const candidates = chunk.flatMap((entry) => {
        const identity = identityKey(entry.item);
        const known = judged.get(identity);
        if (known) return [{ entry, identity, key: known.key }];
        if (ports.items.findByIdentity(sourceId, identity) !== null) return [];
        return [{ entry, identity, key: tombstoneKey(itemId(sourceId, identity)) }];
      });
      const buried = ports.tombstones.find(sourceId, candidates.filter((c) => !judged.has(c.identity)).map((c) => c.key));
      for (const c of candidates) if (!judged.has(c.identity)) judged.set(c.identity, { key: c.key, buried: buried.get(c.key) });
      const left = new Set<ReadItem>();
      const seen: bigint[] = [];
      const revived: bigint[] = [];
      for (const { entry, identity, key } of candidates) {
        const tomb = judged.get(identity)?.buried;
        const verdict = judgeEntry(entry.item, tomb, cutoffMs);
        if (verdict === 'too-old') left.add(entry);
        if (verdict === 'revived') revived.push(key);
        else if (tomb !== undefined) seen.push(key);
      }
      tooOld += left.size;
      ports.tombstones.recordRead(sourceId, { at, seen, revived, tooOld });
      return left.size === 0 ? chunk : chunk.filter((entry) => !left.has(entry));
    },
    tooOld: () => tooOld,
  };
}
