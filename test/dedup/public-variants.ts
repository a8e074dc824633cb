/**
 * Builds a story corpus from real article texts nobody on the project wrote (a directory of
 * `<name>/expected.html` + `expected-metadata.json`, e.g. Mozilla Readability's test pages), with
 * the variants partners really apply. Labels are the article names. Nothing of it is stored here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';

export interface PublicItem { label: string; source: string; guid: string; title: string; published: string; paragraphs: string[]; url: string }
export interface PublicArticle { name: string; title: string; lang: string; paragraphs: string[] }

export const PUBLIC_SOURCES = [
  { id: 'wire-a', kind: 'wire', priority: 10 }, { id: 'wire-b', kind: 'wire', priority: 10 },
  { id: 'partner-a', kind: 'partner', priority: 5 }, { id: 'partner-b', kind: 'partner', priority: 5 },
  { id: 'partner-c', kind: 'partner', priority: 5 }, { id: 'partner-d', kind: 'partner', priority: 1 },
] as const;

const MIN_PARAGRAPH_CHARS = 60;
const MIN_PARAGRAPHS = 5;
const MAX_PARAGRAPHS = 14;

export function readArticles(dir: string): PublicArticle[] {
  const out: PublicArticle[] = [];
  for (const name of readdirSync(dir).sort()) {
    const html = join(dir, name, 'expected.html');
    const meta = join(dir, name, 'expected-metadata.json');
    if (!existsSync(html) || !existsSync(meta)) continue;
    const { title, lang } = JSON.parse(readFileSync(meta, 'utf8')) as { title?: string; lang?: string };
    const { document } = parseHTML(`<html><body>${readFileSync(html, 'utf8')}</body></html>`);
    const paragraphs = [...document.querySelectorAll('p')].map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter((t) => t.length >= MIN_PARAGRAPH_CHARS);
    if (!title || paragraphs.length < MIN_PARAGRAPHS || new Set(paragraphs).size !== paragraphs.length) continue;
    // Two test pages of one article (the same story captured twice) are one story: keep the first.
    if (out.some((a) => paragraphs.filter((p) => a.paragraphs.includes(p)).length >= 2)) continue;
    out.push({ name, title: title.replace(/\s+/g, ' ').trim(), lang: lang ?? 'en', paragraphs: paragraphs.slice(0, MAX_PARAGRAPHS) });
  }
  return out;
}

const CHROME = {
  'partner-a': ['Loading...', 'Subscribe to Partner A: your first month for one euro, cancel any time'],
  'partner-b': ['Read more'],
  'partner-c': ['Share this article', '© Partner C. All rights reserved. Reproduction without permission is prohibited.'],
  'partner-d': ['Advertisement', 'Follow Partner D on social media for the latest news'],
} as const;

/** The first pass: every article from its wire and as partners carry it. */
export function firstPass(articles: PublicArticle[], startIso: string): PublicItem[] {
  return articles.flatMap((a, i) => {
    const at = (hours: number) => new Date(Date.parse(startIso) + (i * 1.3 + hours) * 3600_000).toISOString();
    const p = a.paragraphs;
    const other = articles[(i + 7) % articles.length];
    const item = (source: string, variant: string, hours: number, title: string, paragraphs: string[]): PublicItem => ({
      label: a.name, source, guid: `${source}-${a.name}-${variant}`, title, published: at(hours), paragraphs,
      url: `https://${source}.example/${a.name}/${variant}?utm_source=feed&utm_medium=rss`,
    });
    const items = [
      item('wire-a', 'wire', 0, a.title, p),
      // Dateline prefix, capitalised headline, chrome.
      item('partner-a', 'dateline', 1.5, a.title.toUpperCase(), [`PARIS / Partner A — ${p[0]}`, ...p.slice(1), ...CHROME['partner-a']]),
      // Teaser: the first two paragraphs verbatim + "Read more".
      item('partner-b', 'teaser', 0.5, a.title, [p[0] ?? '', p[1] ?? '', ...CHROME['partner-b']]),
      // Trimmed and reordered copy under a new headline.
      item('partner-c', 'trimmed', 3, `${a.title} – what we know`, [...swap(p.slice(0, Math.ceil(p.length * 0.6)), 1, 2), ...CHROME['partner-c']]),
      // The second wire: a lead line of its own, then the text without its last paragraph.
      item('wire-b', 'second-wire', 2, a.title, [`${a.title}.`, ...p.slice(0, -1)]),
    ];
    // Every third article is also carried by partner D with another article's paragraph as background.
    if (i % 3 === 0 && other && other.name !== a.name) {
      items.push(item('partner-d', 'background', 4, a.title, [...p.slice(0, 4), other.paragraphs.at(-1) ?? '', ...CHROME['partner-d']]));
    }
    return items;
  });
}

/** The second pass: updates under the same guid (a paragraph added) and re-posts under a new guid. */
export function secondPass(articles: PublicArticle[], first: PublicItem[]): PublicItem[] {
  return articles.flatMap((a, i) => {
    const wire = first.find((f) => f.label === a.name && f.source === 'wire-a');
    if (!wire || i % 2 !== 0) return [];
    const updated = { ...wire, paragraphs: [...wire.paragraphs, `Updated with further details on ${a.title.toLowerCase()}.`] };
    const repost = { ...wire, source: 'partner-d', guid: `partner-d-${a.name}-repost`, title: `${a.title} (video)`,
      published: new Date(Date.parse(wire.published) + 5 * 3600_000).toISOString(), paragraphs: [...a.paragraphs, ...CHROME['partner-d']] };
    return [updated, repost];
  });
}

function swap(list: string[], i: number, j: number): string[] {
  const out = [...list];
  if (out.length > Math.max(i, j)) [out[i], out[j]] = [out[j] ?? '', out[i] ?? ''];
  return out;
}

/** RSS 2.0 with the paragraphs as HTML in content:encoded. */
export function rssOf(sourceId: string, items: PublicItem[]): string {
  const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const entries = items.map((i) => `<item><guid isPermaLink="false">${x(i.guid)}</guid><title>${x(i.title)}</title>
    <link>${x(i.url)}</link><pubDate>${new Date(i.published).toUTCString()}</pubDate>
    <content:encoded>${x(i.paragraphs.map((p) => `<p>${x(p)}</p>`).join(''))}</content:encoded></item>`);
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
    <title>${sourceId}</title><link>https://${sourceId}.example/</link>${entries.join('\n')}</channel></rss>`;
}
