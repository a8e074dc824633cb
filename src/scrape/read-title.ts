/**
 * The headline: the source's selector, JSON-LD `headline`, og:title, else the page's own headings
 * checked against its `<title>` (a heading the title contains is the headline; a lone `<h1>` of a
 * blog's name is not), each with the site's name taken off (`Headline | Site`).
 */
import { selectText, type Found, type FieldContext } from './read-fields.js';

export function readTitle(ctx: FieldContext, selector: string | undefined): Found<string> {
  const selected = selectText(ctx, 'title', selector);
  if (selected) return { value: selected, from: 'selector' };
  if (ctx.data?.headline) return { value: ctx.data.headline, from: 'json-ld' };
  const site = { name: ctx.meta.siteName, host: hostOf(ctx.url) };
  if (ctx.meta.title) return { value: withoutSiteName(ctx.meta.title, site), from: 'meta' };
  const title = squash(ctx.$('title').first().text());
  const headings = ctx.$('h1, h2').toArray().map((el) => squash(ctx.$(el).text())).filter((h) => h.length >= 3);
  const inTitle = title ? headings.find((h) => title.toLowerCase().includes(h.toLowerCase()) && h.length * 3 >= title.length) : undefined;
  if (inTitle) return { value: inTitle, from: 'heuristic' };
  if (title) return { value: withoutSiteName(title, site), from: 'heuristic' };
  const h1 = headings[0];
  return h1 ? { value: h1, from: 'heuristic' } : { value: null, from: null };
}

/** `Headline | Site`, `Headline - Site`, `Headline — Site` → `Headline`, when the last part names the site. */
export function withoutSiteName(title: string, site: { name: string | null; host: string }): string {
  const parts = title.split(/\s+[|–—·_-]\s*|\s*_/);
  if (parts.length < 2) return title;
  const last = (parts.at(-1) ?? '').trim();
  const key = letters(last);
  const name = site.name ? letters(site.name) : '';
  const isSite = key !== '' && ((name !== '' && (name.includes(key) || key.includes(name))) || site.host.includes(key) ||
    site.host.split('.').some((label) => label.length >= 4 && key.includes(label)) || isShortName(last, title));
  if (!isSite) return title;
  const rest = title.slice(0, title.lastIndexOf(last)).replace(/[\s|–—·_-]+$/, '').trim();
  return rest === '' ? title : withoutSiteName(rest, site);
}

/** `My Website`, `V8`: at most three capitalized words, far shorter than the headline. */
function isShortName(part: string, title: string): boolean {
  const words = part.split(/\s+/);
  return words.length <= 3 && words.every((w) => /^[\p{Lu}\p{N}]/u.test(w)) && part.length * 3 <= title.length;
}

function letters(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '').replace(/[^a-z0-9.]/g, '');
  } catch {
    return '';
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
