/**
 * The service's feed source: one worker thread selects and renders feeds over its own read-only
 * connection to the store, so a 1,000-entry feed (~1 s of SQL and string building) never holds
 * the event loop. Bodies come back as transferred bytes, not copies.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import { createFeedLoader } from '../curate/feed-loader.js';
import { WiredeskError } from '../model/errors.js';
import type { Store } from '../store/open-store.js';
import { inlineFeedSource, type FeedLoadRequest, type FeedSource, type SourcedFeed } from './feed-source.js';
import type { FeedWorkerMessage, FeedWorkerReply } from './feed-worker.js';

const WORKER_FILE = new URL('./feed-worker.js', import.meta.url);

export interface WorkerFeedSourceDeps {
  config(): Config;
  store: Store;
}

/** In the calling thread when the compiled worker is not there (tests run the TypeScript sources) or the store is in memory. */
export function createWorkerFeedSource(deps: WorkerFeedSourceDeps): FeedSource {
  if (deps.store.path === ':memory:' || !existsSync(fileURLToPath(WORKER_FILE))) return inlineFeedSource(createFeedLoader(deps.config, deps.store.curate));
  let worker: Worker | null = null;
  let sentConfig: Config | null = null;
  let seq = 0;
  const waiting = new Map<number, { resolve(result: SourcedFeed | null): void; reject(err: Error): void }>();
  const failAll = (err: Error) => {
    for (const waiter of waiting.values()) waiter.reject(err);
    waiting.clear();
    worker = null;
    sentConfig = null;
  };
  const start = (): Worker => {
    const started = new Worker(WORKER_FILE, { workerData: { databasePath: deps.store.path } });
    started.unref();
    started.on('message', (reply: FeedWorkerReply) => {
      const waiter = waiting.get(reply.seq);
      waiting.delete(reply.seq);
      if (reply.ok) waiter?.resolve(reply.result === null ? null : withBuffers(reply.result));
      else waiter?.reject(new WiredeskError('EMIT_FAILED', `emit: cannot render a feed in the render thread (${reply.message})`));
    });
    started.on('error', (err) => failAll(new WiredeskError('EMIT_FAILED', `emit: the render thread failed (${err.message}); it restarts at the next request`, { cause: err })));
    started.on('exit', () => failAll(new WiredeskError('EMIT_FAILED', 'emit: the render thread stopped; it restarts at the next request')));
    return started;
  };
  return {
    load(request: FeedLoadRequest) {
      worker ??= start();
      const config = deps.config();
      if (config !== sentConfig) {
        worker.postMessage({ kind: 'config', config } satisfies FeedWorkerMessage);
        sentConfig = config;
      }
      seq += 1;
      const id = seq;
      const running = worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        running.postMessage({ kind: 'load', seq: id, request } satisfies FeedWorkerMessage);
      });
    },
    async close() {
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}

/** Structured clone turns Buffers into plain Uint8Arrays: view the same bytes as Buffers again. */
function withBuffers(result: SourcedFeed): SourcedFeed {
  for (const body of Object.values(result.bodies)) {
    const bytes = body.body as Uint8Array;
    body.body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return result;
}
