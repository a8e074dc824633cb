/**
 * The alert outbox: every story a refresh created or changed gets a row, written inside the
 * refresh's transaction, so a crash can neither lose an alert (the row commits with the items) nor
 * invent one (a rolled-back refresh leaves none). The service turns rows into webhook deliveries.
 */
import type { Store } from '../store/open-store.js';

export function enqueueAlerts(store: Pick<Store, 'alerts'>, storyIds: Iterable<string>, at: string): void {
  for (const storyId of storyIds) store.alerts.enqueue(storyId, at);
}
