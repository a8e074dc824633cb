/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
 * takes the WAL past 1,000 pages: it copies every frame into the database file and syncs it twice,
 * on the committing thread (the serve bench's longest holds during a cold fill, 100+ ms each). A
 * service opens its store with `autoCheckpointPages: CHECKPOINTER_SAFETY_PAGES` (a net that only
 * catches a WAL the checkpointer let grow) and starts this: a worker thread with its own
 * connection runs a PASSIVE checkpoint every `everyMs` (it never waits for the writer, and the
 * writer never waits for it: the next transaction starts the WAL over once every frame is in the
 * database file).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { WiredeskError } from '../model/errors.js';

/** The store's own automatic checkpoint while a checkpointer runs: far past what it leaves in the WAL. */
export const CHECKPOINTER_SAFETY_PAGES = 20_000;
/** How often the checkpointer copies the WAL into the database file. */
export const CHECKPOINT_EVERY_MS = 200;

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are in the database file now. */
  log: number;
  checkpointed: number;
}

export interface WalCheckpointer {
  /** Runs one checkpoint now (after any in progress) and tells what it found. */
  checkpoint(): Promise<CheckpointResult>;
  /** Stops the thread (after a last checkpoint). */
  close(): Promise<void>;
}

/** Plain JavaScript, evaluated in the worker (so it runs the same from src/ under tests and from dist/). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
const checkpoint = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  return { log: row.log, checkpointed: row.checkpointed };
};
// Busy (another checkpoint running, the store's safety net) is tried again on the next tick.
const timer = setInterval(() => { try { checkpoint(); } catch {} }, workerData.everyMs);
parentPort.on('message', (message) => {
  try {
    const result = checkpoint();
    if (message === 'close') { clearInterval(timer); db.close(); }
    parentPort.postMessage({ ok: true, result });
  } catch (err) {
    parentPort.postMessage({ ok: false, message: String((err && err.message) || err) });
  }
});
`;

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

type Reply = { ok: true; result: CheckpointResult } | { ok: false; message: string };

export function startWalCheckpointer(path: string, options: { everyMs?: number } = {}): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: DRIVER, path, everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS },
    resourceLimits: { maxOldGenerationSizeMb: 32 } });
  worker.unref();
  let exited = false;
  // A thread that stops on its own leaves checkpoints to the store's safety net.
  worker.on('error', () => undefined).on('exit', () => (exited = true));
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (message: 'checkpoint' | 'close') => {
    const asked = queue.then(() => new Promise<CheckpointResult>((resolve, reject) => {
      if (exited) return reject(new WiredeskError('STORE_FAILED', 'store: the checkpoint thread is not running'));
      worker.once('message', (reply: Reply) => (reply.ok ? resolve(reply.result) : reject(new WiredeskError('STORE_FAILED', `store: checkpoint failed: ${reply.message}`))));
      worker.postMessage(message);
    }));
    queue = asked.catch(() => undefined);
    return asked;
  };
  return {
    checkpoint: () => ask('checkpoint'),
    async close() {
      await ask('close').catch(() => undefined);
      await worker.terminate();
    },
  };
}
