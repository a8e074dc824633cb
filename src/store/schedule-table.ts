/**
 * Scheduling state beside the sources' fetch state: host pauses asked for by Retry-After, sources
 * disabled by 410 Gone (until their config changes), and the interval chosen at the last success.
 */
import type Database from 'better-sqlite3';

export interface HostPause {
  host: string;
  until: string;
  reason: string;
}

export interface SourceSchedule {
  id: string;
  disabledAt: string | null;
  disabledReason: string | null;
  /** Fingerprint of the source's config when it was disabled: any edit re-enables it. */
  disabledConfig: string | null;
  intervalS: number | null;
  intervalReason: string | null;
}

export interface ScheduleTable {
  pauseHost(host: string, until: string, reason: string, at: string): void;
  /** The pause in force for host at nowIso, if any. */
  hostPause(host: string, nowIso: string): HostPause | null;
  activeHostPauses(nowIso: string): HostPause[];
  disableSource(id: string, reason: string, configFingerprint: string, at: string): void;
  enableSource(id: string): void;
  setInterval(id: string, seconds: number, reason: string): void;
  get(id: string): SourceSchedule | null;
  /** Sort dates of a source's newest items, newest first. */
  recentDates(sourceId: string, limit: number): string[];
}

export function createScheduleTable(db: Database.Database): ScheduleTable {
  const pause = db.prepare(`INSERT INTO host_pauses (host, until, reason, set_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (host) DO UPDATE SET until = MAX(until, excluded.until), reason = excluded.reason, set_at = excluded.set_at`);
  const pauseOf = db.prepare<[string, string], HostPause>(`SELECT host, until, reason FROM host_pauses WHERE host = ? AND until > ?`);
  const active = db.prepare<[string], HostPause>(`SELECT host, until, reason FROM host_pauses WHERE until > ? ORDER BY host`);
  const disable = db.prepare(`UPDATE sources SET disabled_reason = ?, disabled_config = ?, disabled_at = ? WHERE id = ?`);
  const enable = db.prepare(`UPDATE sources SET disabled_reason = NULL, disabled_config = NULL, disabled_at = NULL,
    error_count = 0, next_fetch_at = NULL WHERE id = ?`);
  const interval = db.prepare(`UPDATE sources SET interval_s = ?, interval_reason = ? WHERE id = ?`);
  const getStmt = db.prepare<[string], SourceSchedule>(`SELECT id, disabled_at AS disabledAt, disabled_reason AS disabledReason,
    disabled_config AS disabledConfig, interval_s AS intervalS, interval_reason AS intervalReason FROM sources WHERE id = ?`);
  const recent = db.prepare<[string, number], { d: string }>(`SELECT sort_date AS d FROM items WHERE source_id = ?
    ORDER BY sort_date DESC LIMIT ?`);
  return {
    pauseHost: (host, until, reason, at) => void pause.run(host, until, reason, at),
    hostPause: (host, nowIso) => pauseOf.get(host, nowIso) ?? null,
    activeHostPauses: (nowIso) => active.all(nowIso),
    disableSource: (id, reason, fingerprint, at) => void disable.run(reason, fingerprint, at, id),
    enableSource: (id) => void enable.run(id),
    setInterval: (id, seconds, reason) => void interval.run(seconds, reason, id),
    get: (id) => getStmt.get(id) ?? null,
    recentDates: (sourceId, limit) => recent.all(sourceId, limit).map((r) => r.d),
  };
}
