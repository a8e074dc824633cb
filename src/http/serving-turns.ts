/**
 * How work sharing the event loop with the HTTP server (the sliced commits of an ingest) gives
 * the loop back: serving first. Node accepts one new connection per turn of the event loop, so
 * with a commit slice after every turn, a client connecting while 50 others wait queues behind 50
 * slices (measured in the serve bench: seconds, and wrk timeouts, at the end of a cold fill). A
 * yield here takes turns until one accepts no connection (connections are taken at once, up to
 * `acceptCapMs`), and keeps turning while requests arrive for up to `shareMs` (serving gets that
 * share of the thread when it needs it; the slices keep the rest, so a fill still advances under
 * any load).
 *
 * It also sizes the slices (`sliceBudgetMs`): small while anyone is being served, growing while
 * nobody is. Small slices cost a fill dearly (each COMMIT writes the index pages its slice touched,
 * so a 5,000-item fill in 16 ms slices takes far longer than in 200 ms ones), but only a client
 * waiting on the thread gains from them. The budget doubles per slice with no connection, request
 * or response in flight since the previous one, up to the budget of a process that serves nothing,
 * and never past how long it has been quiet (a gap of a few ms between two bursts of clients, as
 * between two runs of a load generator, keeps the slices small); it drops back to the small one at
 * the first sign of a client: one arriving during a big slice waits for that slice only, and the
 * slices after it are small again.
 */
import type { Server, ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SLICE_BUDGET_MS } from '../ingest/commit-slices.js';

export interface ServingTurnsOptions {
  /** Turns are taken while requests keep arriving, for up to this long per yield. */
  shareMs?: number;
  /** Turns are taken while connections keep being accepted, for up to this long per yield. */
  acceptCapMs?: number;
  now?: () => number;
  /** The slice budget while clients are served, and the most it grows to while none are (ms; by default it never grows). */
  servedSliceMs?: number;
  idleSliceMs?: number;
}

export interface ServingTurns {
  /** Resolves once the server has taken its waiting connections and its share of requests. */
  yieldTurn(): Promise<void>;
  /** Connections and requests the server has seen (what the yield watches). */
  seen(): { connections: number; requests: number };
  /** The budget of the next commit slice (ask once per slice): see the module comment. */
  sliceBudgetMs(): number;
}

/** Slices are ~8 ms of work: serving may take as long again when clients are waiting. */
export const SERVING_SHARE_MS = 8;
/** A burst of new clients is taken whole, but a flood of connections never stops a fill for long. */
export const ACCEPT_CAP_MS = 250;

export function createServingTurns(server: Server, options: ServingTurnsOptions = {}): ServingTurns {
  const now = options.now ?? (() => performance.now());
  const shareMs = options.shareMs ?? SERVING_SHARE_MS;
  const acceptCapMs = options.acceptCapMs ?? ACCEPT_CAP_MS;
  const seen = { connections: 0, requests: 0 };
  let answering = 0;
  server.on('connection', () => {
    seen.connections += 1;
  });
  server.on('request', (_req, res: ServerResponse) => {
    seen.requests += 1;
    answering += 1;
    res.once('close', () => (answering -= 1));
  });
  const servedSliceMs = options.servedSliceMs ?? SLICE_BUDGET_MS;
  const budget = growingBudget(servedSliceMs, options.idleSliceMs ?? servedSliceMs);
  let lastSeen = -1;
  return {
    sliceBudgetMs() {
      const total = seen.connections + seen.requests;
      const quiet = total === lastSeen && answering === 0;
      lastSeen = total;
      return budget(quiet, now());
    },
    async yieldTurn() {
      const started = now();
      // Called from an I/O callback, the first immediate runs before the loop polls again: it proves nothing.
      await nextTurn();
      for (;;) {
        const before = { ...seen };
        await nextTurn();
        const elapsed = now() - started;
        const accepted = seen.connections !== before.connections && elapsed < acceptCapMs;
        const served = seen.requests !== before.requests && elapsed < shareMs;
        if (!accepted && !served) return;
      }
    },
    seen: () => ({ ...seen }),
  };
}

/** Doubles from `smallMs` up to `largeMs` on each quiet call, never past the time since the last other one; back to `smallMs` on any other. */
export function growingBudget(smallMs: number, largeMs: number): (quiet: boolean, atMs: number) => number {
  let current = smallMs;
  let quietSince = Number.NEGATIVE_INFINITY;
  return (quiet, atMs) => {
    if (!quiet) quietSince = atMs;
    current = quiet ? Math.max(smallMs, Math.min(largeMs, current * 2, atMs - quietSince)) : smallMs;
    return current;
  };
}
