/**
 * Webhook deliveries, at least once: each due delivery is POSTed with its fixed body, an
 * `Idempotency-Key` (the same on every retry, so receivers drop repeats) and an HMAC-SHA256
 * signature of the body; a 2xx marks it delivered, anything else retries with exponential backoff
 * and jitter until MAX_ATTEMPTS. On SQLite one process delivers at a time (a lease; a holder killed
 * with -9 on this host is taken over at once); on PostgreSQL every worker delivers, each taking
 * rows no other holds (webhook-port.ts). A delivery cut short by a crash is simply sent again.
 */
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { isDeadLocalHolder, leaseHolderName } from '../schedule/lease-holder.js';
import type { DeliveryRow } from '../store/alerts-table.js';
import type { Store } from '../store/open-store.js';
import { createLocalAlertsPort, type AlertsPort } from './webhook-port.js';

export const WEBHOOK_LEASE = 'webhooks';
export const MAX_ATTEMPTS = 12;
const LEASE_TTL_MS = 120_000;
const BATCH = 20;
const PARALLEL = 4;
export const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3600_000;
const POST_TIMEOUT_MS = 10_000;
const ERROR_BODY_CHARS = 200;

export interface PostResult {
  status: number;
  /** The first characters of the answer, for the stored error. */
  text: string;
}

export type PostFn = (url: string, body: string, headers: Record<string, string>) => Promise<PostResult>;

export interface DeliveryDeps {
  config: Config;
  store: Store;
  log: Logger;
  now?: () => Date;
  post?: PostFn;
  /** 0..1, for the backoff jitter (tests pass a constant). */
  random?: () => number;
  onAttempt?(feedId: string, outcome: 'delivered' | 'retry' | 'failed'): void;
}

export interface DeliveryPass {
  attempted: number;
  delivered: number;
  /** True when another process holds the delivery lease. */
  skipped: boolean;
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Sends every delivery due now, in batches, under the delivery lease (SQLite: one process at a time). */
export async function deliverDue(deps: DeliveryDeps): Promise<DeliveryPass> {
  const now = deps.now ?? (() => new Date());
  // Most passes find nothing due: answer that from a read, without taking the (write) lease.
  if (deps.store.alerts.due(now().toISOString(), 1).length === 0) return { attempted: 0, delivered: 0, skipped: false };
  const holder = leaseHolderName(randomUUID().slice(0, 8));
  if (!takeLease(deps.store, holder, now())) return { attempted: 0, delivered: 0, skipped: true };
  try {
    return await deliverTaken(createLocalAlertsPort(deps.store), deps, () => deps.store.leases.renew(WEBHOOK_LEASE, holder, LEASE_TTL_MS, now().getTime()));
  } finally {
    deps.store.leases.release(WEBHOOK_LEASE, holder);
  }
}

export type PortDeliveryDeps = Omit<DeliveryDeps, 'store'>;

/** Takes due deliveries from the port batch by batch and sends them, until none is due (any backend). */
export async function deliverTaken(port: AlertsPort, deps: PortDeliveryDeps, afterBatch?: () => void): Promise<DeliveryPass> {
  const now = deps.now ?? (() => new Date());
  const pass: DeliveryPass = { attempted: 0, delivered: 0, skipped: false };
  const tried = new Set<string>();
  for (;;) {
    const due = (await port.take(now(), BATCH)).filter((d) => !tried.has(d.key));
    if (due.length === 0) return pass;
    due.forEach((d) => tried.add(d.key));
    for (let i = 0; i < due.length; i += PARALLEL) {
      const results = await Promise.all(due.slice(i, i + PARALLEL).map((d) => deliverOne(d, port, deps, now)));
      pass.attempted += results.length;
      pass.delivered += results.filter(Boolean).length;
    }
    afterBatch?.();
  }
}

function takeLease(store: Store, holder: string, at: Date): boolean {
  if (store.leases.acquire(WEBHOOK_LEASE, holder, LEASE_TTL_MS, at.getTime())) return true;
  const stale = store.leases.holderOf(WEBHOOK_LEASE, at.getTime());
  if (stale === null || !isDeadLocalHolder(stale)) return false;
  store.leases.release(WEBHOOK_LEASE, stale);
  return store.leases.acquire(WEBHOOK_LEASE, holder, LEASE_TTL_MS, at.getTime());
}

async function deliverOne(delivery: DeliveryRow, port: AlertsPort, deps: PortDeliveryDeps, now: () => Date): Promise<boolean> {
  const hook = deps.config.feeds.find((f) => f.id === delivery.feedId)?.webhooks.find((w) => w.url === delivery.url);
  const where = { feed: delivery.feedId, webhook: redactUrl(delivery.url), key: delivery.key };
  if (hook === undefined) {
    await port.markFailed(delivery.key, 'webhook: no longer in the config; not sent');
    deps.onAttempt?.(delivery.feedId, 'failed');
    return false;
  }
  const error = await attempt(delivery, hook.secret, deps.post ?? postJson);
  if (error === null) {
    await port.markDelivered(delivery.key, now().toISOString());
    deps.onAttempt?.(delivery.feedId, 'delivered');
    deps.log.info({ ...where, attempts: delivery.attempts + 1 }, 'webhook: delivered');
    return true;
  }
  if (delivery.attempts + 1 >= MAX_ATTEMPTS) {
    await port.markFailed(delivery.key, `${error}; gave up after ${MAX_ATTEMPTS} attempts`);
    deps.onAttempt?.(delivery.feedId, 'failed');
  } else {
    const next = new Date(now().getTime() + retryDelayMs(delivery.attempts + 1, deps.random ?? Math.random));
    await port.markRetry(delivery.key, next.toISOString(), error);
    deps.onAttempt?.(delivery.feedId, 'retry');
  }
  deps.log.warn({ ...where, attempts: delivery.attempts + 1 }, error);
  return false;
}

/** Null when the receiver accepted (2xx), else the reason, without secrets or the URL's query. */
async function attempt(delivery: DeliveryRow, secret: string, post: PostFn): Promise<string | null> {
  const event = (JSON.parse(delivery.body) as { event?: string }).event ?? 'story.new';
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'wiredesk-webhooks/0.1',
    'idempotency-key': delivery.key,
    'x-wiredesk-delivery': delivery.key,
    'x-wiredesk-event': event,
    'x-wiredesk-signature': signBody(delivery.body, secret),
  };
  try {
    const res = await post(delivery.url, delivery.body, headers);
    if (res.status >= 200 && res.status <= 299) return null;
    return `webhook: ${res.status} from ${redactUrl(delivery.url)}${res.text ? `: ${res.text}` : ''}; it will be retried`;
  } catch (err) {
    return `webhook: cannot POST to ${redactUrl(delivery.url)}: ${(err as Error).message}; it will be retried`;
  }
}

/** 30 s, 1 min, 2 min … capped at 1 h, each ±20 %. */
export function retryDelayMs(attempts: number, random: () => number): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Scheme, host and path only: a webhook URL's query or user info may carry a key. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** One POST, no redirects followed (a 3xx is a failure), the answer read up to a few hundred bytes. */
export function postJson(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(target, {
      method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < ERROR_BODY_CHARS) text += chunk;
        else res.destroy();
      });
      const finish = () => resolve({ status: res.statusCode ?? 0, text: text.slice(0, ERROR_BODY_CHARS).replace(/\s+/g, ' ').trim() });
      res.on('end', finish);
      res.on('close', finish);
    });
    req.on('error', reject);
    req.end(body);
  });
}
