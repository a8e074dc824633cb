/**
 * WebSub publishing (W3C WebSub §7): after an ingest pass, every feed whose served body changed is
 * announced to the hub with `hub.mode=publish` and `hub.url=<feed URL>`; the hub then fetches it.
 * A failed ping is retried after the next pass (the old ETag is kept until the hub has answered 2xx).
 * With an outbox (the store's: a row per refresh that changed items, written in its transaction)
 * the feeds are checked only when a row is pending, rows are consumed once every changed feed was
 * accepted, and the announced ETags are stored: a crash after a commit still gets its ping out.
 * One pass runs at a time across processes (the outbox says so), so N workers ping once.
 */
import type { OutputFormat } from '../model/curated.js';

export interface WebSubTopic {
  id: string;
  format: OutputFormat;
  /** The feed's self URL, as its rel="self" link says. */
  url: string;
}

export interface WebSubLog {
  info(fields: object, msg?: string): void;
  warn(fields: object, msg?: string): void;
}

/** One publishing pass's view of the durable outbox; each call may answer now or with a promise. */
export interface WebSubOutboxPass {
  /** The newest pending row, or null when no refresh changed items since the last consume. */
  lastPending(): number | null | Promise<number | null>;
  consume(seq: number): void | Promise<void>;
  /** What each feed URL was last announced with, read at the start of the pass. */
  announced(): Map<string, string> | Promise<Map<string, string>>;
  recordAnnounced(url: string, etag: string, at: string): void | Promise<void>;
  /** Ends the pass (PostgreSQL: lets another process run the next one). */
  end?(): void | Promise<void>;
}

/**
 * The durable side of publishing (src/store/websub-table.ts, src/store-pg/outbox.ts): one pass at
 * a time across every process, so two workers never announce the same change.
 */
export interface WebSubOutbox {
  /** Starts a pass; null when another process is in one (the rows it did not consume wait for the next). */
  begin(): WebSubOutboxPass | null | Promise<WebSubOutboxPass | null>;
}

export interface WebSubDeps {
  /** The hub URL now (config can be reloaded); null: no hub, nothing is announced. */
  hub(): string | null;
  topics(): WebSubTopic[];
  /** The ETag of what the server serves now for this feed (renders it if needed); null when gone. */
  etagOf(id: string, format: OutputFormat): string | null | Promise<string | null>;
  log?: WebSubLog;
  timeoutMs?: number;
  /** Called before each check, so etagOf sees the store as it is now (e.g. expire a memo). */
  refresh?(): void;
  outbox?: WebSubOutbox;
}

export interface WebSubPublisher {
  /** Records what is served now, so only later changes are announced. */
  prime(): Promise<void>;
  /** Pings the hub for each changed feed; resolves to the URLs the hub accepted. */
  publishChanges(): Promise<string[]>;
}

export function createWebSubPublisher(deps: WebSubDeps): WebSubPublisher {
  const announced = new Map<string, string>();
  const current = () => Promise.all(deps.topics().map(async (topic) => ({ topic, etag: await deps.etagOf(topic.id, topic.format) })));
  return {
    async prime() {
      // Without a hub nothing is rendered now; a hub configured later gets every feed announced once.
      // With an outbox the stored ETags are what was announced: nothing to prime.
      if (deps.hub() === null || deps.outbox !== undefined) return;
      for (const { topic, etag } of await current()) if (etag !== null) announced.set(topic.url, etag);
    },
    async publishChanges() {
      if (deps.outbox === undefined) {
        const hub = deps.hub();
        return hub === null ? [] : (await announceChanged(deps, hub, announced, current)).accepted;
      }
      const pass = await deps.outbox.begin();
      if (pass === null) return [];
      try {
        return await publishPass(deps, pass, current);
      } finally {
        await pass.end?.();
      }
    },
  };
}

type Current = () => Promise<Array<{ topic: WebSubTopic; etag: string | null }>>;

/** One pass over the outbox: checks feeds only when a row is pending, consumes once every changed feed was accepted. */
async function publishPass(deps: WebSubDeps, pass: WebSubOutboxPass, current: Current): Promise<string[]> {
  const hub = deps.hub();
  const pending = await pass.lastPending();
  if (pending === null) return [];
  // Nobody to tell: a hub configured later hears of each feed at its next change.
  if (hub === null) {
    await pass.consume(pending);
    return [];
  }
  const announced = await pass.announced();
  const { accepted, changed } = await announceChanged(deps, hub, announced, current, (url, etag) => pass.recordAnnounced(url, etag, new Date().toISOString()));
  // Rows stay until every changed feed was accepted: the next pass pings the refused ones again.
  if (accepted.length === changed) await pass.consume(pending);
  return accepted;
}

/** Pings the hub for every feed whose ETag is not the announced one; says how many had changed. */
async function announceChanged(deps: WebSubDeps, hub: string, announced: Map<string, string>, current: Current,
  record?: (url: string, etag: string) => void | Promise<void>): Promise<{ accepted: string[]; changed: number }> {
  deps.refresh?.();
  const changed = (await current()).filter(({ topic, etag }) => etag !== null && announced.get(topic.url) !== etag);
  const accepted: string[] = [];
  for (const { topic, etag } of changed) {
    if (!(await ping(deps, hub, topic.url))) continue;
    announced.set(topic.url, etag as string);
    await record?.(topic.url, etag as string);
    accepted.push(topic.url);
  }
  return { accepted, changed: changed.length };
}

async function ping(deps: WebSubDeps, hub: string, url: string): Promise<boolean> {
  try {
    const res = await fetch(hub, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) deps.log?.info({ hub, url, status: res.status }, 'websub: hub notified');
    else deps.log?.warn({ hub, url, status: res.status }, 'websub: hub refused the ping; retrying after the next ingest');
    return res.ok;
  } catch (err) {
    deps.log?.warn({ hub, url, err: (err as Error).message }, 'websub: hub unreachable; retrying after the next ingest');
    return false;
  }
}

/** The Link header WebSub subscribers look for (§4): the hub and the topic's own URL. */
export function webSubLinkHeader(hub: string, selfUrl: string): string {
  return `<${hub}>; rel="hub", <${selfUrl}>; rel="self"`;
}
