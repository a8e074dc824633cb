/** Worker-thread entry of the render cache: selects a feed over its own read-only SQLite connection and renders it, so neither holds the event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import { createFeedLoader } from '../curate/feed-loader.js';
import { renderFeed } from '../emit/render-feed.js';
import { openStore } from '../store/open-store.js';
import { loadAndRender, type FeedLoadRequest, type SourcedFeed } from './feed-source.js';

export type FeedWorkerMessage = { kind: 'config'; config: Config } | { kind: 'load'; seq: number; request: FeedLoadRequest };
export type FeedWorkerReply = { seq: number; ok: true; result: SourcedFeed | null } | { seq: number; ok: false; message: string };

const store = openStore((workerData as { databasePath: string }).databasePath, { readonly: true });
let config: Config | null = null;
const loadFeed = createFeedLoader(() => {
  if (config === null) throw new Error('no config received');
  return config;
}, store.curate);

parentPort?.on('message', (message: FeedWorkerMessage) => {
  if (message.kind === 'config') {
    config = message.config;
    return;
  }
  loadAndRender(loadFeed, renderFeed, message.request).then(
    (result) => {
      const transfer = result === null ? [] : Object.values(result.bodies).map((b) => ownBuffer(b));
      parentPort?.postMessage({ seq: message.seq, ok: true, result } satisfies FeedWorkerReply, transfer);
    },
    (err: unknown) => parentPort?.postMessage({ seq: message.seq, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies FeedWorkerReply),
  );
});

/** Moves the bytes instead of copying them; a small Buffer sits in Node's shared pool and is copied out first. */
function ownBuffer(sourced: { body: Buffer }): ArrayBuffer {
  const { body } = sourced;
  if (body.byteOffset !== 0 || body.byteLength !== body.buffer.byteLength) sourced.body = Buffer.from(new Uint8Array(body).buffer);
  return sourced.body.buffer as ArrayBuffer;
}
