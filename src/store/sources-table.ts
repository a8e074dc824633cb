/** Per-source fetch state: validators for conditional GET, last outcome, failures and next attempt. */
import type Database from 'better-sqlite3';

export interface SourceState {
  id: string;
  url: string;
  currentUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  lastErrorCode: string | null;
  lastError: string | null;
  errorCount: number;
  nextFetchAt: string | null;
  feedTitle: string | null;
  feedLink: string | null;
  disabledReason: string | null;
  /** Entries the last refresh that read the document could not keep, and why (null: none). */
  lastSkipped: string | null;
}

export interface FetchSuccess {
  at: string;
  status: number;
  etag: string | null;
  lastModified: string | null;
  nextFetchAt: string | null;
  currentUrl?: string | null;
  feedTitle?: string | null;
  feedLink?: string | null;
  /** Why entries were skipped ('' for none); absent on a 304, which keeps the previous note. */
  skipped?: string;
}

export interface FetchFailure {
  at: string;
  status: number | null;
  code: string;
  message: string;
  nextFetchAt: string | null;
}

export interface SourcesTable {
  get(id: string): SourceState | null;
  all(): SourceState[];
  /** Registers a configured source; a changed configured URL resets validators and redirects. */
  ensure(id: string, url: string): SourceState;
  recordSuccess(id: string, ok: FetchSuccess): void;
  recordFailure(id: string, failure: FetchFailure): void;
}

const COLUMNS = `id, url, current_url AS currentUrl, etag, last_modified AS lastModified,
  last_fetch_at AS lastFetchAt, last_success_at AS lastSuccessAt, last_status AS lastStatus,
  last_error_code AS lastErrorCode, last_error AS lastError, error_count AS errorCount,
  next_fetch_at AS nextFetchAt, feed_title AS feedTitle, feed_link AS feedLink,
  disabled_reason AS disabledReason, NULLIF(last_skipped, '') AS lastSkipped`;

export function createSourcesTable(db: Database.Database): SourcesTable {
  const getStmt = db.prepare<[string], SourceState>(`SELECT ${COLUMNS} FROM sources WHERE id = ?`);
  const allStmt = db.prepare<[], SourceState>(`SELECT ${COLUMNS} FROM sources ORDER BY id`);
  const insert = db.prepare(`INSERT INTO sources (id, url) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`);
  const reset = db.prepare(`UPDATE sources SET url = ?, current_url = NULL, etag = NULL, last_modified = NULL,
    disabled_reason = NULL WHERE id = ? AND url <> ?`);
  const success = db.prepare(`UPDATE sources SET last_fetch_at = @at, last_success_at = @at, last_status = @status,
    etag = @etag, last_modified = @lastModified, next_fetch_at = @nextFetchAt, error_count = 0,
    last_error_code = NULL, last_error = NULL,
    current_url = COALESCE(@currentUrl, current_url),
    feed_title = COALESCE(@feedTitle, feed_title), feed_link = COALESCE(@feedLink, feed_link),
    last_skipped = COALESCE(@skipped, last_skipped)
    WHERE id = @id`);
  const failure = db.prepare(`UPDATE sources SET last_fetch_at = @at, last_status = @status,
    last_error_code = @code, last_error = @message, error_count = error_count + 1,
    next_fetch_at = @nextFetchAt WHERE id = @id`);
  return {
    get: (id) => getStmt.get(id) ?? null,
    all: () => allStmt.all(),
    ensure(id, url) {
      insert.run(id, url);
      reset.run(url, id, url);
      return getStmt.get(id) as SourceState;
    },
    recordSuccess(id, ok) {
      success.run({ id, currentUrl: null, feedTitle: null, feedLink: null, skipped: null, ...ok });
    },
    recordFailure(id, f) {
      failure.run({ id, ...f });
    },
  };
}
