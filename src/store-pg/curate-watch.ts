/**
 * The store generation as a web node sees it: polled (every second by default), and read at once
 * when a commit NOTIFYs the generation channel. LISTEN is only a latency help: it fails on a hot
 * standby and through PgBouncer's transaction pooling, and then the poll alone keeps the node
 * within a poll period of every commit.
 */
import type pg from 'pg';
import type { PgPool } from './connection.js';
import { readGeneration } from './curate-reads.js';
import { GENERATION_CHANNEL } from './refresh-commit.js';

export interface GenerationWatch {
  /** The last generation read (0 before the first read). */
  current(): number;
  /** Whether LISTEN is in force (false: polling only). */
  listening(): boolean;
  close(): Promise<void>;
}

export interface WatchOptions {
  pollMs?: number;
  onChange?(generation: number): void;
  onError?(message: string): void;
}

export async function watchGeneration(pool: PgPool, options: WatchOptions = {}): Promise<GenerationWatch> {
  let generation = await readGeneration(pool);
  let closed = false;
  const refresh = async () => {
    try {
      const next = await readGeneration(pool);
      if (next === generation || closed) return;
      generation = next;
      options.onChange?.(next);
    } catch (err) {
      options.onError?.(`store: cannot read the generation: ${(err as Error).message}; retrying`);
    }
  };
  const timer = setInterval(() => void refresh(), options.pollMs ?? 1000);
  timer.unref();
  const listener = await listen(pool, () => void refresh(), options.onError);
  return {
    current: () => generation,
    listening: () => listener !== null,
    async close() {
      closed = true;
      clearInterval(timer);
      if (listener === null) return;
      await listener.query(`UNLISTEN ${GENERATION_CHANNEL}`).catch(() => undefined);
      listener.release();
    },
  };
}

/** A dedicated client LISTENing on the generation channel, or null where LISTEN is refused. */
async function listen(pool: PgPool, onNotify: () => void, onError?: (message: string) => void): Promise<pg.PoolClient | null> {
  let client: pg.PoolClient | null = null;
  try {
    client = await pool.connect();
    client.on('notification', (n) => n.channel === GENERATION_CHANNEL && onNotify());
    client.on('error', (err) => onError?.(`store: the LISTEN connection failed (${err.message}); polling only`));
    await client.query(`LISTEN ${GENERATION_CHANNEL}`);
    return client;
  } catch (err) {
    client?.release(true);
    onError?.(`store: LISTEN refused (${(err as Error).message}); changes show up by polling only`);
    return null;
  }
}
