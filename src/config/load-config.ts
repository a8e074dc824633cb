/** Reads and validates feeds.config.json; every problem names the file and its key path. */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { WiredeskError } from '../model/errors.js';
import { databaseFilePath, databaseProblem, isPostgresDatabase } from './database-value.js';
import { configSchema, type Config } from './schema.js';
import { expandConfigEnv, type Env } from './expand-env.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file. */
  path: string;
  /** Directory against which relative paths in the config resolve. */
  dir: string;
}

export interface ConfigProblem {
  path: string;
  message: string;
}

/** Far beyond any real config; `--config /dev/zero` must end in an error, not read forever. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export function loadConfig(file: string): LoadedConfig {
  const path = resolve(file);
  return parseConfigText(readConfigText(path), path);
}

/** The config file's text, read in chunks up to MAX_CONFIG_BYTES (devices and pipes have no size to trust). */
export function readConfigText(path: string): string {
  const chunks: Buffer[] = [];
  let total = 0;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    for (let n = -1; n !== 0; ) {
      const chunk = Buffer.alloc(64 * 1024);
      n = readSync(fd, chunk, 0, chunk.length, null);
      total += n;
      if (total > MAX_CONFIG_BYTES) {
        throw new WiredeskError('CONFIG_UNREADABLE', `config: ${path} is larger than ${MAX_CONFIG_BYTES} bytes; is it really the config file?`);
      }
      chunks.push(chunk.subarray(0, n));
    }
  } catch (err) {
    if (err instanceof WiredeskError) throw err;
    throw new WiredeskError('CONFIG_UNREADABLE', `config: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    if (fd !== null) closeSync(fd);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseConfigText(text: string, path: string, env: Env = process.env): LoadedConfig {
  const name = basename(path);
  let json: unknown;
  try {
    // A UTF-8 byte order mark (Windows Notepad writes one) is not part of the JSON.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw configError(name, [{ path: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  const result = configSchema.safeParse(json);
  if (!result.success) throw configError(name, formatIssues(result.error.issues));
  const expanded = expandConfigEnv(result.data, env);
  const problems = [...expanded.problems, ...applyDatabaseUrlEnv(expanded.config, env)];
  if (problems.length > 0) throw configError(name, problems);
  return { config: expanded.config, path, dir: dirname(path) };
}

export class ConfigError extends WiredeskError {
  readonly problems: ConfigProblem[];
  readonly file: string;

  constructor(file: string, problems: ConfigProblem[]) {
    super('CONFIG_INVALID', problems.map((p) => formatProblem(file, p)).join('\n'));
    this.problems = problems;
    this.file = file;
  }
}

function configError(file: string, problems: ConfigProblem[]): ConfigError {
  return new ConfigError(file, problems);
}

export function formatProblem(file: string, problem: ConfigProblem): string {
  return problem.path ? `${file}: ${problem.path}: ${problem.message}` : `${file}: ${problem.message}`;
}

export function formatIssues(issues: z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatKeyPath([...issue.path, key]), message: 'unknown key' }));
    }
    return [{ path: formatKeyPath(issue.path), message: issue.message }];
  });
}

export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns a source URL or a relative file path into an absolute URL string. */
export function resolveSourceUrl(url: string, configDir: string): string {
  if (/^(https?|file):/i.test(url)) {
    if (/^file:/i.test(url) && !url.startsWith('file:/')) return pathToFileURL(resolve(configDir, url.slice(5))).href;
    return url;
  }
  return pathToFileURL(isAbsolute(url) ? url : resolve(configDir, url)).href;
}

/** WIREDESK_DATABASE_URL, when set, replaces `database` (a deployment keeps its password out of the file). */
function applyDatabaseUrlEnv(config: Config, env: Env): ConfigProblem[] {
  const value = env.WIREDESK_DATABASE_URL;
  if (value === undefined || value === '') return [];
  const problem = databaseProblem(value);
  if (problem !== null) return [{ path: 'database (from WIREDESK_DATABASE_URL)', message: problem }];
  config.database = value;
  return [];
}

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** Which store the config names: a SQLite file (relative paths against the config's folder) or a PostgreSQL URL. */
export function resolveDatabase(loaded: LoadedConfig): DatabaseTarget {
  const value = loaded.config.database;
  return isPostgresDatabase(value) ? { kind: 'postgres', url: value } : { kind: 'sqlite', path: databaseFilePath(value, loaded.dir) };
}

/** The SQLite file of the config; a PostgreSQL `database` is refused here, by commands that only run on SQLite. */
export function resolveDatabasePath(loaded: LoadedConfig): string {
  const target = resolveDatabase(loaded);
  if (target.kind === 'sqlite') return target.path;
  throw new WiredeskError('CONFIG_INVALID', `${basename(loaded.path)}: database: this command runs on a SQLite store only so far; `
    + 'use a SQLite file path for it, or a command that supports PostgreSQL (ingest, start)');
}
