/** Feed access tokens: only a hash of each token is stored; the token itself is shown once at creation. */
import type Database from 'better-sqlite3';

export interface TokenRow {
  name: string;
  /** Hex SHA-256 of the token. */
  hash: string;
  feeds: string[];
  createdAt: string;
  lastUsedAt: string | null;
  requests: number;
  revokedAt: string | null;
}

export interface TokensTable {
  /** False when a token of that name already exists (revoked or not). */
  create(row: { name: string; hash: string; feeds: string[]; createdAt: string }): boolean;
  all(): TokenRow[];
  /** Marks the token revoked; false when no live token has that name. */
  revoke(name: string, at: string): boolean;
  /** Adds counted requests and the last use, e.g. flushed from memory every few seconds. */
  recordUse(name: string, requests: number, at: string): void;
  /** Changes when another connection (e.g. `wiredesk tokens` in another process) commits: re-read then. */
  version(): number;
}

interface Row {
  name: string; hash: string; feeds: string; created_at: string; last_used_at: string | null; requests: number; revoked_at: string | null;
}

export function createTokensTable(db: Database.Database): TokensTable {
  const insert = db.prepare(`INSERT INTO feed_tokens (name, hash, feeds, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const list = db.prepare<[], Row>(`SELECT * FROM feed_tokens ORDER BY created_at, name`);
  const revokeStmt = db.prepare(`UPDATE feed_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL`);
  const use = db.prepare(`UPDATE feed_tokens SET requests = requests + ?,
    last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END WHERE name = ?`);
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  return {
    version: () => dataVersion.get() ?? 0,
    create: (row) => insert.run(row.name, row.hash, JSON.stringify(row.feeds), row.createdAt).changes === 1,
    all: () => list.all().map(toToken),
    revoke: (name, at) => revokeStmt.run(at, name).changes === 1,
    recordUse: (name, requests, at) => void use.run(requests, at, at, name),
  };
}

function toToken(row: Row): TokenRow {
  return {
    name: row.name, hash: row.hash, feeds: JSON.parse(row.feeds) as string[], createdAt: row.created_at,
    lastUsedAt: row.last_used_at, requests: row.requests, revokedAt: row.revoked_at,
  };
}
