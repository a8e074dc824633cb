/**
 * WebSub publishing (W3C WebSub §7): after an ingest pass, every feed whose served body changed is
 * announced to the hub with `hub.mode=publish` and `hub.url=<feed URL>`; the hub then fetches it.
 * A failed ping is retried after the next pass (the old ETag is kept until the hub has answered 2xx).
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

export interface WebSubDeps {
  /** The hub URL now (config can be reloaded); null: no hub, nothing is announced. */
  hub(): string | null;
  topics(): WebSubTopic[];
  /** The ETag of what the server serves now for this feed (renders it if needed); null when gone. */
  etagOf(id: string, format: OutputFormat): Promise<string | null>;
  log?: WebSubLog;
  timeoutMs?: number;
  /** Called before each check, so etagOf sees the store as it is now (e.g. expire a memo). */
  refresh?(): void;
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
      if (deps.hub() === null) return;
      for (const { topic, etag } of await current()) if (etag !== null) announced.set(topic.url, etag);
    },
    async publishChanges() {
      const hub = deps.hub();
      if (hub === null) return [];
      deps.refresh?.();
      const changed = (await current()).filter(({ topic, etag }) => etag !== null && announced.get(topic.url) !== etag);
      const accepted: string[] = [];
      for (const { topic, etag } of changed) {
        if (await ping(deps, hub, topic.url)) {
          announced.set(topic.url, etag as string);
          accepted.push(topic.url);
        }
      }
      return accepted;
    },
  };
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
