/**
 * Wire items after a refresh: kills are logged and kept as events (the dashboard shows them), and
 * so are the items or references a document could not deliver. Older versions never overwrite.
 */
import { identityKey, itemId, sha256 } from '../dedup/identity.js';
import type { Logger } from '../log/logger.js';
import { coerceError } from '../model/errors.js';
import type { NormalizedItem } from '../model/item.js';
import type { ReadItem } from '../model/read-document.js';
import type { Store } from '../store/open-store.js';
import type { WireEvent } from '../store/wire-table.js';

/** A wire item whose version is not above the stored one is not an update: it is ignored. */
export function isStaleVersion(storedVersion: number | null, item: NormalizedItem): boolean {
  const incoming = item.editorial?.version ?? null;
  return storedVersion !== null && incoming !== null && incoming <= storedVersion;
}

export function recordWireEvents(store: Store, sourceId: string, items: ReadItem[], rejected: string[], at: string, log: Logger): void {
  try {
    recordEvents(store, sourceId, items, rejected, at, log);
  } catch (err) {
    // The refresh itself is committed: a failing event log must not turn it into a failure.
    log.error({ source: sourceId, err: coerceError(err).message }, 'store: cannot record wire events');
  }
}

/** A kill an item of this read reports, recorded once its stored version is canceled too. */
export interface KillEvent {
  event: Omit<WireEvent, 'firstAt' | 'lastAt'>;
  agencyItemId: string | null;
}

/** What a read may record (pure): the canceled items it carries, and one event per rejected reference. */
export function planWireEvents(sourceId: string, items: ReadItem[], rejected: string[]): { kills: KillEvent[]; rejections: Array<Omit<WireEvent, 'firstAt' | 'lastAt'>> } {
  const kills: KillEvent[] = [];
  for (const { item } of items) {
    if (item.editorial?.pubStatus !== 'canceled') continue;
    const identity = identityKey(item);
    const message = `kill: ${item.editorial.editorialNote ?? 'canceled by the agency'}`;
    kills.push({ event: { sourceId, kind: 'killed', ref: identity, itemId: itemId(sourceId, identity), title: item.title, message }, agencyItemId: item.editorial.agencyItemId });
  }
  const rejections = rejected.map((message) => ({ sourceId, kind: 'rejected' as const, ref: sha256(message).slice(0, 24), itemId: null, title: null, message }));
  return { kills, rejections };
}

export function logKill(log: Logger, kill: KillEvent): void {
  const { event } = kill;
  log.warn({ source: event.sourceId, item: event.itemId, agencyItemId: kill.agencyItemId, title: event.title }, 'wire: item killed; removed from every curated feed');
}

function recordEvents(store: Store, sourceId: string, items: ReadItem[], rejected: string[], at: string, log: Logger): void {
  const plan = planWireEvents(sourceId, items, rejected);
  for (const kill of plan.kills) {
    if (store.items.get(kill.event.itemId as string)?.editorial?.pubStatus !== 'canceled') continue;
    if (store.wire.recordEvent(kill.event, at)) logKill(log, kill);
  }
  for (const event of plan.rejections) store.wire.recordEvent(event, at);
}
