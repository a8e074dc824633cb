/**
 * Feed tokens on PostgreSQL (access-tokens.ts's port). Creating or revoking a token bumps
 * `meta.tokens_version` in the same transaction: web nodes poll that one row, not the table.
 */
import type { TokenPort } from '../http/access-tokens.js';
import type { TokenRow } from '../store/tokens-table.js';
import type { PgDatabase, PgQueryable } from './connection.js';

interface Row {
  name: string; hash: string; feeds: string; created_at: string; last_used_at: string | null; requests: number; revoked_at: string | null;
}

const BUMP = `INSERT INTO meta (key, value) VALUES ('tokens_version', '1')
  ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text`;

export function createPgTokenPort(db: Pick<PgDatabase, 'pool' | 'transaction'>): TokenPort {
  const pool: PgQueryable = db.pool;
  /** Runs a change and, when it changed a row, bumps the version in the same transaction. */
  const changing = (what: string, sql: string, params: unknown[]) => db.transaction(what, async (client) => {
    const changed = (await client.query(sql, params)).rowCount === 1;
    if (changed) await client.query(BUMP);
    return changed;
  });
  return {
    create: (row) => changing('create a feed token', `INSERT INTO feed_tokens (name, hash, feeds, created_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT DO NOTHING`, [row.name, row.hash, JSON.stringify(row.feeds), row.createdAt]),
    async all() {
      const { rows } = await pool.query<Row>(`SELECT name, hash, feeds, created_at, last_used_at, requests, revoked_at FROM feed_tokens
        ORDER BY created_at COLLATE "C", name COLLATE "C"`);
      return rows.map(toToken);
    },
    revoke: (name, at) => changing('revoke a feed token', `UPDATE feed_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL`, [at, name]),
    async recordUse(name, requests, at) {
      await pool.query(`UPDATE feed_tokens SET requests = requests + $1,
        last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at COLLATE "C" < $2 THEN $2 ELSE last_used_at END WHERE name = $3`, [requests, at, name]);
    },
    async version() {
      const { rows } = await pool.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'tokens_version'`);
      return rows[0]?.value ?? '0';
    },
  };
}

function toToken(row: Row): TokenRow {
  return {
    name: row.name, hash: row.hash, feeds: JSON.parse(row.feeds) as string[], createdAt: row.created_at,
    lastUsedAt: row.last_used_at, requests: Number(row.requests), revokedAt: row.revoked_at,
  };
}
