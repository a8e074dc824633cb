/** One PostgreSQL session for a story command (`stories`, `recluster`): opened (and migrated), used, closed. */
import type pg from 'pg';
import { openPgDatabase } from './connection.js';

export async function withStorySession<T>(url: string, applicationName: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await openPgDatabase(url, { max: 1, applicationName });
  try {
    const client = await db.pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  } finally {
    await db.close();
  }
}
