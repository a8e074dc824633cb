/**
 * What webhook dispatch and delivery need of the store, as one narrow async port with an SQLite
 * implementation (here, over the store's alerts table, under the single delivery lease of
 * webhook-delivery.ts) and a PostgreSQL one (store-pg/outbox.ts, where `take` claims rows with
 * FOR UPDATE SKIP LOCKED, so any number of workers deliver each alert once).
 */
import type { CuratePort } from '../curate/curate-port.js';
import type { DeliveryRow, OutboxRow } from '../store/alerts-table.js';
import type { Store } from '../store/open-store.js';

export type AlertEvent = 'story.new' | 'story.updated';

export interface NewDelivery {
  key: string;
  feedId: string;
  url: string;
  storyId: string;
  createdAt: string;
  /** The fixed body, given whether the webhook was ever given this story. */
  body(event: AlertEvent): string;
}

export interface AlertsPort {
  /** Where dispatch selects feeds and reads each story's versions. */
  curate: CuratePort;
  /** The oldest outbox rows. */
  outbox(limit: number): Promise<OutboxRow[]>;
  /**
   * In one transaction: each delivery whose key is new is stored (`story.updated` when that
   * webhook already had the story), and the outbox is consumed up to `lastSeq`. Returns how many
   * were stored.
   */
  dispatch(lastSeq: number, deliveries: NewDelivery[]): Promise<number>;
  /** Up to `limit` deliveries due at `now`, none of them handed to another taker meanwhile. */
  take(now: Date, limit: number): Promise<DeliveryRow[]>;
  markDelivered(key: string, at: string): Promise<void>;
  markRetry(key: string, nextAttemptAt: string, error: string): Promise<void>;
  markFailed(key: string, error: string): Promise<void>;
}

/** SQLite: the store's alerts table (one process delivers at a time: the caller holds the lease). */
export function createLocalAlertsPort(store: Store): AlertsPort {
  const { alerts } = store;
  return {
    curate: store.curate,
    outbox: (limit) => Promise.resolve(alerts.outbox(limit)),
    dispatch: (lastSeq, deliveries) => Promise.resolve(store.transaction(() => {
      let n = 0;
      for (const d of deliveries) {
        const event = alerts.knows(d.feedId, d.url, d.storyId) ? 'story.updated' : 'story.new';
        if (alerts.addDelivery({ key: d.key, feedId: d.feedId, url: d.url, storyId: d.storyId, body: d.body(event), createdAt: d.createdAt })) n += 1;
      }
      alerts.consume(lastSeq);
      return n;
    })),
    take: (now, limit) => Promise.resolve(alerts.due(now.toISOString(), limit)),
    markDelivered: (key, at) => Promise.resolve(alerts.markDelivered(key, at)),
    markRetry: (key, next, error) => Promise.resolve(alerts.markRetry(key, next, error)),
    markFailed: (key, error) => Promise.resolve(alerts.markFailed(key, error)),
  };
}
