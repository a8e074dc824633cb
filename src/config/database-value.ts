/**
 * The `database` key: a SQLite file path, `:memory:`, a `file:` URL, or a `postgres://` /
 * `postgresql://` URL (the PostgreSQL backend). Any other scheme is refused with its key path
 * rather than taken as a relative path (`mysql://…` would otherwise create a folder `mysql:`).
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;
const POSTGRES = new Set(['postgres', 'postgresql']);

function schemeOf(value: string): string | null {
  if (WINDOWS_DRIVE.test(value)) return null;
  return SCHEME.exec(value)?.[1]?.toLowerCase() ?? null;
}

/** Why this `database` value cannot be used, or null when it can. */
export function databaseProblem(value: string): string | null {
  if (value === ':memory:') return null;
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  const scheme = schemeOf(value);
  if (scheme !== null && POSTGRES.has(scheme)) return postgresUrlProblem(value, scheme);
  if (scheme === 'file') {
    if (/[?#]/.test(value)) return 'a file: URL must name the file only (no "?" options or "#")';
    return /[\\/]$/.test(value) ? 'names a folder; give a file such as "file:data/wiredesk.db"' : null;
  }
  if (scheme !== null) {
    return `"${scheme}:" URLs are not supported; use a SQLite file path such as "data/wiredesk.db" or a file: URL `
      + `(write "./${value}" if the colon belongs to the file name)`;
  }
  return /[\\/]$/.test(value) ? 'names a folder; give a file such as "data/wiredesk.db"' : null;
}

function postgresUrlProblem(value: string, scheme: string): string | null {
  if (!value.slice(scheme.length).startsWith('://')) return `write the URL as ${scheme}://user:password@host:5432/database`;
  try {
    new URL(value);
    return null;
  } catch {
    return `is not a valid ${scheme}:// URL; write it as ${scheme}://user:password@host:5432/database (percent-encode special characters in the password)`;
  }
}

/** True when the `database` value names a PostgreSQL database rather than a SQLite file. */
export function isPostgresDatabase(value: string): boolean {
  const scheme = schemeOf(value);
  return scheme !== null && POSTGRES.has(scheme);
}

/** The SQLite file a valid `database` value names, relative paths against the config's folder. */
export function databaseFilePath(value: string, configDir: string): string {
  if (value === ':memory:') return value;
  if (schemeOf(value) === 'file') {
    if (value.startsWith('file://')) return fileURLToPath(value);
    const path = value.slice('file:'.length);
    return isAbsolute(path) ? path : resolve(configDir, path);
  }
  return resolve(configDir, value);
}
