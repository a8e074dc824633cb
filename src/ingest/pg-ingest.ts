/**
 * Ingest on PostgreSQL, shared by any number of processes: instead of SQLite's single-ingester
 * lease, each process claims due sources (store-pg/claims.ts), refreshes them through the same
 * refreshSource path, and commits each one fenced by its claim. `runPgIngest` is one pass (the
 * `ingest` command: it ends when no source that was due at its start is left, claimed by anyone);
 * `startPgWorker` polls until stopped (`start`'s worker role).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LoadedConfig } from '../config/load-config.js';
import { resolveSourceUrl } from '../config/load-config.js';
import type { SourceConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { coerceError, WiredeskError } from '../model/errors.js';
import { hostOf, sourceFingerprint } from '../schedule/source-policy.js';
import { createClaimPort, type Claim, type ClaimPort, type ClaimScope } from '../store-pg/claims.js';
import type { PgDatabase } from '../store-pg/connection.js';
import { createPgRefreshPort } from '../store-pg/refresh-commit.js';
import type { ParseThreads } from './read-feed-pool.js';
import { refreshSource, type RefreshOutcome } from './refresh-source.js';
import { createRefreshKit, namedSources } from './run-ingest.js';

const DEFAULT_LEASE_MS = 120_000;
const POLL_MS = 250;

export interface PgIngestOptions {
  sourceIds?: string[];
  all?: boolean;
  now?: () => Date;
  onProgress?: (outcome: RefreshOutcome, done: number, total: number) => void;
  signal?: AbortSignal;
  /** Claim lease; WIREDESK_CLAIM_LEASE_MS, else two minutes. Renewed every third of it while working. */
  leaseMs?: number;
  /** Idle wait between claim rounds of a polling worker (ms). */
  pollMs?: number;
  /** Parse threads started ahead (at process start): the pass's pool takes them over and closes them. */
  threads?: ParseThreads;
}

export interface PgWorker {
  holder: string;
  /** Stops claiming; refreshes already started finish and commit. */
  stop(): Promise<RefreshOutcome[]>;
}

export function leaseFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.WIREDESK_CLAIM_LEASE_MS);
  return Number.isFinite(value) && value >= 200 ? value : DEFAULT_LEASE_MS;
}

/** One pass: every source due when it starts (or named, or all with `all`) is refreshed once, by this process or another. */
export async function runPgIngest(loaded: LoadedConfig, db: PgDatabase, log: Logger, options: PgIngestOptions = {}): Promise<RefreshOutcome[]> {
  const sources = selectPgSources(loaded, options);
  const force = options.all === true || (options.sourceIds?.length ?? 0) > 0;
  return pollClaims(loaded, db, log, sources, { ...options, once: true, force });
}

/** A polling worker for `start --role worker|all` on PostgreSQL. */
export function startPgWorker(loaded: LoadedConfig, db: PgDatabase, log: Logger, options: PgIngestOptions = {}): PgWorker {
  const stopping = new AbortController();
  options.signal?.addEventListener('abort', () => stopping.abort(), { once: true });
  const holder = holderName();
  const sources = loaded.config.sources.filter((s) => s.enabled);
  const done = pollClaims(loaded, db, log, sources, { ...options, signal: stopping.signal, once: false, force: false, holder });
  return {
    holder,
    stop: () => {
      stopping.abort();
      return done;
    },
  };
}

function withoutDocumentPlaces<T extends { holdDocument?: unknown }>(context: T): Omit<T, 'holdDocument'> {
  const { holdDocument, ...rest } = context;
  void holdDocument;
  return rest;
}

function holderName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

function selectPgSources(loaded: LoadedConfig, options: PgIngestOptions): SourceConfig[] {
  const { sources } = loaded.config;
  return namedSources(sources, options.sourceIds) ?? sources.filter((s) => s.enabled);
}

interface PollOptions extends PgIngestOptions {
  once: boolean;
  force: boolean;
  holder?: string;
}

async function pollClaims(loaded: LoadedConfig, db: PgDatabase, log: Logger, sources: SourceConfig[], options: PollOptions): Promise<RefreshOutcome[]> {
  const now = options.now ?? (() => new Date());
  const holder = options.holder ?? holderName();
  const { fetch } = loaded.config;
  const leaseMs = options.leaseMs ?? leaseFromEnv();
  const claims = createClaimPort(db, { perHost: fetch.perHostConcurrency, perHostDelayMs: fetch.perHostDelayMs, leaseMs });
  const byId = new Map(sources.map((s) => [s.id, s]));
  await claims.register(sources.map((s) => {
    const url = resolveSourceUrl(s.url, loaded.dir);
    return { id: s.id, url, host: hostOf(url), fingerprint: sourceFingerprint(s) };
  }));
  const kit = createRefreshKit(loaded, log, now, options.threads ? { threads: options.threads } : {});
  const held = new Map<string, Claim>();
  const renew = setInterval(() => {
    claims.renew(holder, [...held.values()], now()).catch((err: unknown) => log.warn({ err: coerceError(err).message }, 'ingest: cannot renew claims'));
  }, Math.max(50, leaseMs / 3));
  renew.unref();
  const outcomes: RefreshOutcome[] = [];
  const remaining = new Set(byId.keys());
  const running = new Set<Promise<void>>();
  const start = (claim: Claim): void => {
    const source = byId.get(claim.sourceId);
    if (!source) return;
    held.set(claim.sourceId, claim);
    const port = createPgRefreshPort(db, { holder, claim, config: loaded.config, now, log });
    // No document places: a PostgreSQL commit waits on round trips, not on this process's CPU, so
    // every claimed source (at most fetch.concurrency) may hold its document to its commit.
    const task = refreshSource(source, { ...withoutDocumentPlaces(kit.contextFor(source)), port })
      .then((outcome) => {
        outcomes.push(outcome);
        if (options.force) remaining.delete(source.id);
        options.onProgress?.(outcome, outcomes.length, sources.length);
      }, async (err: unknown) => {
        remaining.delete(source.id);
        log.error({ source: source.id, err: coerceError(err).message }, 'ingest: refresh could not start; its claim is given back');
        await claims.release(holder, [claim]).catch(() => {});
      })
      .finally(() => {
        held.delete(claim.sourceId);
        running.delete(task);
      });
    running.add(task);
  };
  const passStart = now();
  const scope = (): ClaimScope => ({ ids: [...remaining], force: options.force, ...(options.once ? { dueBy: passStart } : {}) });
  try {
    await claimLoop({ claims, holder, now, options, running, start, scope, log, concurrency: fetch.concurrency });
    await Promise.all(running);
  } finally {
    clearInterval(renew);
    await Promise.all(running);
    await kit.close();
  }
  return outcomes;
}

interface LoopParts {
  claims: ClaimPort;
  holder: string;
  now: () => Date;
  options: PollOptions;
  running: Set<Promise<void>>;
  start: (claim: Claim) => void;
  scope: () => ClaimScope;
  log: Logger;
  concurrency: number;
}

async function claimLoop(p: LoopParts): Promise<void> {
  const reap = { last: 0 };
  while (p.options.signal?.aborted !== true) {
    let round: 'more' | 'wait' | 'done';
    try {
      round = await claimRound(p, reap);
    } catch (err) {
      // A one-pass ingest reports a lost database; a polling worker logs it and tries again.
      if (p.options.once) throw err;
      p.log.error({ err: coerceError(err).message }, 'ingest: claiming failed; retrying');
      round = 'wait';
    }
    if (round === 'done') return;
    if (round === 'wait') await Promise.race([...p.running, sleep(p.options.pollMs ?? POLL_MS, p.options.signal)]);
  }
}

async function claimRound(p: LoopParts, reap: { last: number }): Promise<'more' | 'wait' | 'done'> {
  if (Date.now() - reap.last >= 1000) {
    reap.last = Date.now();
    await p.claims.reapExpired(p.now());
  }
  const free = p.concurrency - p.running.size;
  const got = free > 0 ? await p.claims.claimDue(p.holder, free, p.now(), p.scope()) : [];
  for (const claim of got) p.start(claim);
  if (got.length > 0 && p.running.size < p.concurrency) return 'more';
  if (p.options.once && p.running.size === 0 && got.length === 0 && await p.claims.outstanding(p.now(), p.scope()) === 0) return 'done';
  return 'wait';
}

/** Waits ms or until the signal aborts; the abort listener goes either way (a polling worker waits many times). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
  });
}
