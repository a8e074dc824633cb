/**
 * Wire events on PostgreSQL: the kills and rejections of a read (ingest/wire-events.ts plans them)
 * written in the refresh's fenced commit, into the same wire_events rows SQLite keeps (once per
 * source, kind and ref; a repeat moves last_at and the message). Under a savepoint, so a failing
 * event log never undoes the refresh it belongs to, as on SQLite.
 */
import { logKill, planWireEvents } from '../ingest/wire-events.js';
import type { Logger } from '../log/logger.js';
import { coerceError } from '../model/errors.js';
import type { ReadItem } from '../model/read-document.js';
import type { WireEvent } from '../store/wire-table.js';
import type { PgClient, PgQueryable } from './connection.js';

type NewEvent = Omit<WireEvent, 'firstAt' | 'lastAt'>;

export async function recordPgWireEvents(client: PgClient, sourceId: string, read: { items: ReadItem[]; rejected: string[] }, at: string, log: Logger): Promise<void> {
  const plan = planWireEvents(sourceId, read.items, read.rejected);
  if (plan.kills.length === 0 && plan.rejections.length === 0) return;
  await client.query('SAVEPOINT wire_events');
  try {
    const killed = await storedKills(client, plan.kills.map((k) => k.event.itemId as string));
    for (const kill of plan.kills) {
      if (killed.has(kill.event.itemId as string) && await recordEvent(client, kill.event, at)) logKill(log, kill);
    }
    for (const event of plan.rejections) await recordEvent(client, event, at);
    await client.query('RELEASE SAVEPOINT wire_events');
  } catch (err) {
    await client.query('ROLLBACK TO SAVEPOINT wire_events');
    log.error({ source: sourceId, err: coerceError(err).message }, 'store: cannot record wire events');
  }
}

/** The items whose stored version is canceled (the read's kill took effect). */
async function storedKills(client: PgClient, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM items
    WHERE id = ANY($1::text[]) AND editorial::jsonb ->> 'pubStatus' = 'canceled'`, [ids]);
  return new Set(rows.map((r) => r.id));
}

/** True when the event is new. */
async function recordEvent(client: PgClient, event: NewEvent, at: string): Promise<boolean> {
  const inserted = await client.query(`INSERT INTO wire_events (source_id, kind, ref, item_id, title, message, first_at, last_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (source_id, kind, ref) DO NOTHING`,
  [event.sourceId, event.kind, event.ref, event.itemId, event.title, event.message, at]);
  if ((inserted.rowCount ?? 0) > 0) return true;
  await client.query(`UPDATE wire_events SET last_at = $4, message = $5 WHERE source_id = $1 AND kind = $2 AND ref = $3`,
    [event.sourceId, event.kind, event.ref, at, event.message]);
  return false;
}

/** The newest events first, as SQLite's wire table lists them (the dashboard's wire panel). */
export async function recentPgWireEvents(db: PgQueryable, limit: number): Promise<WireEvent[]> {
  const { rows } = await db.query<WireEvent>(`SELECT source_id AS "sourceId", kind, ref, item_id AS "itemId", title, message,
    first_at AS "firstAt", last_at AS "lastAt" FROM wire_events ORDER BY last_at COLLATE "C" DESC, ref COLLATE "C" LIMIT $1`, [limit]);
  return rows;
}
