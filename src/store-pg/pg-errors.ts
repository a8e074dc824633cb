/** PostgreSQL failures as clear STORE_FAILED errors; a URL's password never reaches a message or a log. */
import { WiredeskError } from '../model/errors.js';

const HINTS: Array<[RegExp, string]> = [
  [/^28P01$|^28000$/, 'the server refused the credentials; check the user and password in the database URL'],
  [/^3D000$/, 'the database does not exist; create it (createdb) or fix the URL'],
  [/^53100$/, 'the database server is out of disk space; free space, then the refresh is retried whole'],
  [/^53300$/, 'the server has no free connection slots; raise max_connections or lower the pool size'],
  [/^57P0[123]$/, 'the server is shutting down or restarting; the next attempt reconnects'],
  [/^25006$/, 'the server is a read-only standby; point writers at the primary'],
  [/^ECONNREFUSED$|^ENOTFOUND$|^EAI_AGAIN$|^ETIMEDOUT$|^ECONNRESET$/, 'the server cannot be reached; check the host, port and that PostgreSQL runs'],
];

/** The URL with its password replaced by `***` (or the text unchanged when it is no URL). */
export function redactUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

/** Removes every occurrence of the URL's password (and the URL itself) from a text. */
export function scrubSecret(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password.length > 0) out = out.split(password).join('***');
  } catch {
    // not a URL: nothing more to scrub
  }
  return out;
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

/** A STORE_FAILED WiredeskError for any failure talking to PostgreSQL (a WiredeskError passes through). */
export function explainPgError(err: unknown, what: string, url: string): WiredeskError {
  if (err instanceof WiredeskError) return err;
  const code = codeOf(err);
  const message = scrubSecret(err instanceof Error ? err.message : String(err), url);
  const hint = HINTS.find(([pattern]) => pattern.test(code))?.[1] ?? 'nothing of this step was stored';
  const where = redactUrl(url);
  return new WiredeskError('STORE_FAILED', `store: cannot ${what} on ${where}: ${message}${code ? ` (${code})` : ''}; ${hint}`, { cause: err });
}
