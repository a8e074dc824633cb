/**
 * The feed tokens as access checks and `wiredesk tokens` need them: a narrow async port with an
 * SQLite and a PostgreSQL implementation (src/store-pg/tokens.ts), and the in-memory snapshot a
 * request is checked against (a check never waits for the store).
 */
import type { TokenRow, TokensTable } from '../store/tokens-table.js';

export interface NewToken {
  name: string;
  /** Hex SHA-256 of the token. */
  hash: string;
  feeds: string[];
  createdAt: string;
}

export interface TokenPort {
  /** False when a token of that name already exists (revoked or not). */
  create(row: NewToken): Promise<boolean>;
  /** Every token, oldest first (then by name). */
  all(): Promise<TokenRow[]>;
  /** False when no live token has that name. */
  revoke(name: string, at: string): Promise<boolean>;
  /** Adds requests counted in memory and the last use. */
  recordUse(name: string, requests: number, at: string): Promise<void>;
  /** Changes whenever another process may have created or revoked a token: compare it, then re-read all(). */
  version(): Promise<string>;
  /**
   * Where the backend can tell at no cost whether tokens changed (SQLite's data_version, no I/O): the
   * rows now, so a revocation applies from the very next request. Without it rows are polled.
   */
  current?(): TokenRow[];
}

export interface TokenSnapshot {
  rows(): TokenRow[];
  /** Re-reads the rows if the version moved (the poll does this every pollMs). */
  refresh(): Promise<void>;
  close(): void;
}

/** SQLite's token port: the tokens table, with its rows re-read only when another connection committed. */
export function sqliteTokenPort(table: TokensTable): TokenPort {
  let rows: TokenRow[] = [];
  let seen: number | null = null;
  return {
    create: async (row) => table.create(row),
    all: async () => table.all(),
    revoke: async (name, at) => table.revoke(name, at),
    recordUse: async (name, requests, at) => table.recordUse(name, requests, at),
    version: async () => String(table.version()),
    current() {
      const version = table.version();
      if (version !== seen) {
        rows = table.all();
        seen = version;
      }
      return rows;
    },
  };
}

/**
 * The rows a request is checked against. With `current` (SQLite) they are read per request; else
 * they are loaded once and re-read when the version moves, polled every `pollMs` (a revocation
 * applies within that time on every node).
 */
export async function createTokenSnapshot(port: TokenPort, options: { pollMs?: number; onError?(message: string): void } = {}): Promise<TokenSnapshot> {
  const current = port.current?.bind(port);
  if (current !== undefined) return { rows: current, refresh: async () => undefined, close: () => undefined };
  let rows = await port.all();
  let seen = await port.version();
  let closed = false;
  const refresh = async () => {
    try {
      const version = await port.version();
      if (version === seen || closed) return;
      rows = await port.all();
      seen = version;
    } catch (err) {
      options.onError?.(`access: cannot re-read the feed tokens (${(err as Error).message}); the last ones read stay in force`);
    }
  };
  const timer = setInterval(() => void refresh(), options.pollMs ?? 1000);
  timer.unref();
  return {
    rows: () => rows,
    refresh,
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
