/** Feeds for the retention tests: RSS bodies built from entries, served with an ETag by a real local server. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FeedEntry {
  guid: string;
  title: string;
  text: string;
  /** ISO date, or null for an undated entry. */
  published: string | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function rssOf(entries: FeedEntry[]): string {
  const items = entries.map((e) => `<item><guid isPermaLink="false">${esc(e.guid)}</guid><title>${esc(e.title)}</title>`
    + `<link>https://pod.example/${encodeURIComponent(e.guid)}</link><description>${esc(e.text)}</description>`
    + `${e.published ? `<pubDate>${new Date(e.published).toUTCString()}</pubDate>` : ''}</item>`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Old items</title>`
    + `<link>https://pod.example/</link><description>Keeps its items</description>\n${items.join('\n')}\n</channel></rss>`;
}

/** A route serving whatever `entries()` holds now, answering 304 to the ETag of an unchanged body. */
export function feedRoute(entries: () => FeedEntry[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const body = rssOf(entries());
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag, connection: 'close' }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag, connection: 'close' }).end(body);
  };
}

/** An episode-like entry: its own words, so no two entries join one story. */
export function entry(n: number, published: string | null, edit = ''): FeedEntry {
  const words = ['harbour', 'council', 'ferry', 'archive', 'season', 'lecture', 'orchard', 'bridge', 'choir', 'market'];
  const pick = (k: number) => words[(n * 7 + k * 3) % words.length];
  return {
    guid: `ep-${n}`, title: `Episode ${n}: ${pick(1)} ${pick(2)}`, published,
    text: `Episode number ${n} talks about the ${pick(0)} and the ${pick(3)} with guest ${n * 13}. ${edit}`
      + ` Recorded in studio ${n % 17}, part ${n} of the long running series on the ${pick(4)}.`,
  };
}

export const days = (d: number) => d * 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();
