/**
 * The service's alert loop: every few seconds (and right after each ingest pass) the outbox is
 * turned into deliveries and the due deliveries are sent. Passes never overlap; a failing pass is
 * logged and the next one tries again. PostgreSQL workers run the same passes over their ports
 * (webhook-pg-loop.ts).
 */
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/open-store.js';
import { dispatchAlerts } from './webhook-dispatch.js';
import { deliverDue, type DeliveryDeps } from './webhook-delivery.js';

const PUMP_EVERY_MS = 5000;
export const KEEP_FINISHED_MS = 30 * 86_400_000;
export const PRUNE_EVERY_MS = 3600_000;

export interface AlertsLoop {
  /** Runs a pass now (or right after the one in progress). */
  kick(): Promise<void>;
  close(): Promise<void>;
}

/** Outbox to deliveries, then one delivery pass: what each loop tick, and `wiredesk ingest`, runs. */
export async function runAlertsOnce(config: Config, store: Store, log: Logger, onAttempt?: DeliveryDeps['onAttempt']): Promise<void> {
  const created = await dispatchAlerts(config, store, new Date());
  if (created > 0) log.info({ deliveries: created }, 'webhook: alerts queued');
  await deliverDue({ config, store, log, ...(onAttempt ? { onAttempt } : {}) });
}

export interface AlertsLoopDeps {
  config(): Config;
  store: Store;
  log: Logger;
  onAttempt?: DeliveryDeps['onAttempt'];
  timers?: boolean;
}

export function startAlertsLoop(deps: AlertsLoopDeps): AlertsLoop {
  let prunedAt = 0;
  return startPassLoop(async () => {
    await runAlertsOnce(deps.config(), deps.store, deps.log, deps.onAttempt);
    if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
      deps.store.alerts.prune(new Date(Date.now() - KEEP_FINISHED_MS).toISOString());
      prunedAt = Date.now();
    }
  }, { log: deps.log, timers: deps.timers !== false, what: 'webhook: alert pass failed; it is retried on the next one' });
}

/** Runs `pass` every few seconds and on kick, never two at once; a failing pass is logged (any backend's side jobs). */
export function startPassLoop(pass: () => Promise<void>, options: { log: Logger; timers: boolean; what: string; everyMs?: number }): AlertsLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const guarded = async (): Promise<void> => {
    try {
      await pass();
    } catch (err) {
      options.log.error({ err: (err as Error).message }, options.what);
    }
  };
  const kick = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await guarded();
      } while (again && !closed);
      running = null;
    })();
    return running;
  };
  const timer = options.timers ? setInterval(() => void kick(), options.everyMs ?? PUMP_EVERY_MS) : null;
  timer?.unref();
  return {
    kick,
    async close() {
      closed = true;
      if (timer !== null) clearInterval(timer);
      await running;
    },
  };
}
