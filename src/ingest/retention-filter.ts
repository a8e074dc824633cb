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
  const cutoffMs = retentionCutoff(config, now).getTime();
  const candidates = incoming
    .filter(({ item }) => ports.items.findByIdentity(sourceId, identityKey(item)) === null)
    .map((entry) => ({ entry, key: tombstoneKey(itemId(sourceId, identityKey(entry.item))) }));
  const buried = ports.tombstones.find(sourceId, candidates.map((c) => c.key));
  const left = new Set<ReadItem>();
  const seen: bigint[] = [];
  const revived: bigint[] = [];
  for (const { entry, key } of candidates) {
    const verdict = judgeEntry(entry.item, buried.get(key), cutoffMs);
    if (verdict === 'too-old') left.add(entry);
    if (verdict === 'revived') revived.push(key);
    else if (buried.has(key)) seen.push(key);
  }
  ports.tombstones.recordRead(sourceId, { at: Math.floor(now.getTime() / 1000), seen, revived, tooOld: left.size });
  return { items: incoming.filter((entry) => !left.has(entry)), tooOld: left.size };
}
