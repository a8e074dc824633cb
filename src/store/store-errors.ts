/** SQLite failures an operator must act on (disk full, read-only file, I/O) as clear STORE_FAILED errors. */
import { WiredeskError } from '../model/errors.js';

const HINTS: Array<[RegExp, string]> = [
  [/^SQLITE_FULL/, 'the disk (or the database size limit) is full; free space, then the refresh is retried whole'],
  [/^SQLITE_READONLY/, 'the database is read-only; check the file and folder permissions and the mount'],
  [/^SQLITE_IOERR/, 'a disk I/O error occurred; check the disk and free space'],
  [/^SQLITE_CANTOPEN/, 'the database file cannot be opened; check the path and permissions'],
  [/^SQLITE_CORRUPT/, 'the database is corrupt; restore it from a backup'],
];

/** A WiredeskError for a storage failure, or null when err is not one. */
export function explainStoreError(err: unknown, what: string): WiredeskError | null {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
  const message = err instanceof Error ? err.message : String(err);
  // better-sqlite3 reports a write refused by the OS file size limit as a plain I/O failure.
  const hint = HINTS.find(([pattern]) => pattern.test(code))?.[1]
    ?? (/disk is full|EFBIG|file too large/i.test(message) ? HINTS[0]?.[1] : undefined);
  if (hint === undefined) return null;
  return new WiredeskError('STORE_FAILED', `store: cannot ${what}: ${message} (${code}); ${hint}; nothing of this refresh was stored`, { cause: err });
}
