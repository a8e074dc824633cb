/**
 * The elected story clusterer on PostgreSQL: any number of processes run it, one wins a session
 * advisory lock and places committed items batch after batch on that same session, the others
 * stand by and try the lock again; when the holder dies its session ends, the lock goes with it
 * and a standby takes over from the stored cursor. Batches run on the session that holds the lock,
 * so a holder that lost its connection cannot write a batch either.
 */
import pg from 'pg';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { tryLeadership } from '../store-pg/clusterer-store.js';
import { placeCommitted, type BatchReport, type ClusterSettings } from './clusterer-batch.js';

export interface ClustererOptions extends ClusterSettings {
  url: string;
  /** How often a standby tries the lock and the leader looks for new commits (default 500 ms). */
  pollMs?: number;
  signal: AbortSignal;
  onLeader?: () => void;
  onBatch?: (report: BatchReport) => void;
  onError?: (message: string) => void;
}

const DEFAULT_POLL_MS = 500;

export interface StoryClusterer {
  /** Stops after the batch under way (a batch commits whole or not at all). */
  stop(): Promise<void>;
}

/** Stands for election beside this process's other work (`wiredesk cluster`, `start --role worker|all`). */
export function startStoryClusterer(config: Config, url: string, log: Logger): StoryClusterer {
  const controller = new AbortController();
  const priorities = new Map(config.sources.map((s) => [s.id, s.priority]));
  const running = runClusterer({
    url, settings: config.dedup, priorityOf: (id) => priorities.get(id) ?? 0, holder: `${process.pid}`,
    signal: controller.signal,
    onLeader: () => log.info({ pid: process.pid }, 'clusterer: elected'),
    onBatch: (r) => log.info({ items: r.items, placed: r.placed, skipped: r.skipped, moved: r.moved, hydrated: r.hydrated, cursor: r.cursor, ...r.ms }, 'clusterer: batch placed'),
    onError: (message) => log.warn({ pid: process.pid }, message),
  });
  return {
    async stop() {
      controller.abort();
      await running;
    },
  };
}

/** Runs until the signal aborts; errors (a lost connection) are reported and the election starts again. */
export async function runClusterer(options: ClustererOptions): Promise<void> {
  while (!options.signal.aborted) {
    const client = new pg.Client({ connectionString: options.url, application_name: `wiredesk-clusterer ${options.holder}` });
    client.on('error', (err) => options.onError?.(`clusterer: connection lost (${err.message})`));
    try {
      await client.connect();
      await serve(client, options);
    } catch (err) {
      options.onError?.(`clusterer: ${(err as Error).message}; standing by again`);
      await pause(options.pollMs ?? DEFAULT_POLL_MS, options.signal);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

async function serve(client: pg.Client, options: ClustererOptions): Promise<void> {
  const poll = options.pollMs ?? DEFAULT_POLL_MS;
  while (!options.signal.aborted && !(await tryLeadership(client))) await pause(poll, options.signal);
  if (options.signal.aborted) return;
  options.onLeader?.();
  while (!options.signal.aborted) {
    const report = await placeCommitted(client, options);
    if (report) options.onBatch?.(report);
    else await pause(poll, options.signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
  });
}
