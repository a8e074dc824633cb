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

function recordEvents(store: Store, sourceId: string, items: ReadItem[], rejected: string[], at: string, log: Logger): void {
  for (const { item } of items) {
    if (item.editorial?.pubStatus !== 'canceled') continue;
    const identity = identityKey(item);
    const id = itemId(sourceId, identity);
    if (store.items.get(id)?.editorial?.pubStatus !== 'canceled') continue;
    const message = `kill: ${item.editorial.editorialNote ?? 'canceled by the agency'}`;
    const isNew = store.wire.recordEvent({ sourceId, kind: 'killed', ref: identity, itemId: id, title: item.title, message }, at);
    if (isNew) log.warn({ source: sourceId, item: id, agencyItemId: item.editorial.agencyItemId, title: item.title }, 'wire: item killed; removed from every curated feed');
  }
  for (const message of rejected) {
    store.wire.recordEvent({ sourceId, kind: 'rejected', ref: sha256(message).slice(0, 24), itemId: null, title: null, message }, at);
  }
}
