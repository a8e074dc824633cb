/** Metrics of private access and alerts, on the service's registry: requests per token, webhook deliveries. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliverySummary } from '../store/alerts-table.js';

export interface AccessMetricsSources {
  /** Feed requests allowed per token name since start. */
  tokenRequests(): ReadonlyMap<string, number>;
  /** Delivery counts per feed and webhook, from the store. */
  deliveries(): DeliverySummary[] | Promise<DeliverySummary[]>;
}

export interface AccessMetrics {
  observeWebhookAttempt(feedId: string, outcome: 'delivered' | 'retry' | 'failed'): void;
}

export function registerAccessMetrics(registry: Registry, sources: AccessMetricsSources): AccessMetrics {
  const registers = [registry];
  const seen = new Map<string, number>();
  new Counter({
    name: 'wiredesk_token_requests_total', help: 'Private feed requests allowed, by token name', labelNames: ['token'], registers,
    collect() {
      for (const [token, n] of sources.tokenRequests()) {
        const delta = n - (seen.get(token) ?? 0);
        if (delta > 0) this.inc({ token }, delta);
        seen.set(token, n);
      }
    },
  });
  new Gauge({
    name: 'wiredesk_webhook_deliveries', help: 'Webhook deliveries in the store, by feed and state (pending, delivered, failed)',
    labelNames: ['feed', 'state'], registers,
    async collect() {
      const rows = await sources.deliveries();
      this.reset();
      for (const row of rows) {
        for (const state of ['pending', 'delivered', 'failed'] as const) this.inc({ feed: row.feedId, state }, row[state]);
      }
    },
  });
  const attempts = new Counter({
    name: 'wiredesk_webhook_attempts_total', help: 'Webhook POSTs by feed and outcome (delivered, retry, failed)', labelNames: ['feed', 'outcome'], registers,
  });
  return { observeWebhookAttempt: (feed, outcome) => attempts.inc({ feed, outcome }) };
}
