/**
 * One field of an article page, by the source's selector first and then by fallbacks in a fixed
 * order: JSON-LD, OpenGraph / meta tags, `<time datetime>`, then elements whose class says "date"
 * or "author". Each answer says where it came from, for the health report.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { parseDate } from '../normalize/parse-date.js';
import { parseWithFormat } from './format-date.js';
import { readTimeElement, type PageMeta } from './meta-tags.js';
import type { ArticleData } from './structured-data.js';

export interface Found<T> {
  value: T | null;
  /** `selector`, `json-ld`, `meta`, `time`, `heuristic`, or null when nothing was found. */
  from: string | null;
}

export interface FieldContext {
  $: CheerioAPI;
  /** The page's URL: its host names the site in `Headline | Site`. */
  url: string;
  data: ArticleData | null;
  meta: PageMeta;
  timezone: string | null;
  /** `scrape.locale`: month names of this locale are read too. */
  locale: string | null;
  /** Selectors that failed on this page, collected for the health report. */
  misses: SelectorMiss[];
}

export interface SelectorMiss {
  field: string;
  selector: string;
  /** `nothing`: no element matched; `unreadable`: matched, but not a date the format reads; `invalid`: bad selector. */
  reason: 'nothing' | 'unreadable' | 'invalid';
}

const DATE_HINT = /(^|[\s_-])(date|dateline-date|time|timestamp|published|publication|publie|posted|updated|meta|byline|info)/i;
const AUTHOR_HINT = /(^|[\s_-])(author|auteur|byline|signature|writer|journalist)/i;
const MAX_SHORT_TEXT = 120;

/** The text (or `datetime` / `content` attribute) of the first element the selector matches. */
export function selectText(ctx: FieldContext, key: string, selector: string | undefined): string | null {
  if (!selector) return null;
  let el;
  try {
    el = ctx.$(selector).first();
  } catch {
    ctx.misses.push({ field: key, selector, reason: 'invalid' });
    return null;
  }
  const text = el.attr('datetime')?.trim() || el.attr('content')?.trim() || el.text().replace(/\s+/g, ' ').trim();
  if (el.length === 0 || text === '') {
    ctx.misses.push({ field: key, selector, reason: 'nothing' });
    return null;
  }
  return text;
}

export function readPublished(ctx: FieldContext, selector: string | undefined, format: string | undefined): Found<string> {
  const selected = selectText(ctx, 'date', selector);
  const fromSelector = selected ? readDate(selected, format, ctx.timezone, ctx.locale) : null;
  if (fromSelector) return { value: fromSelector, from: 'selector' };
  if (selected && selector) ctx.misses.push({ field: 'date', selector, reason: 'unreadable' });
  const fromData = readDate(ctx.data?.datePublished ?? null, undefined, ctx.timezone);
  if (fromData) return { value: fromData, from: 'json-ld' };
  const fromMeta = readDate(ctx.meta.published, undefined, ctx.timezone);
  if (fromMeta) return { value: fromMeta, from: 'meta' };
  const fromTime = readDate(readTimeElement(ctx.$, 'article'), undefined, ctx.timezone);
  if (fromTime) return { value: fromTime, from: 'time' };
  const hinted = hintedText(ctx.$, DATE_HINT, (text) => readDate(text, format, ctx.timezone, ctx.locale));
  return hinted ? { value: hinted, from: 'heuristic' } : { value: null, from: null };
}

export function readModified(ctx: FieldContext): string | null {
  return readDate(ctx.data?.dateModified ?? null, undefined, ctx.timezone) ?? readDate(ctx.meta.modified, undefined, ctx.timezone);
}

export function readAuthor(ctx: FieldContext, selector: string | undefined): Found<string> {
  const selected = selectText(ctx, 'author', selector);
  if (selected) return { value: cleanByline(selected), from: 'selector' };
  if (ctx.data?.author) return { value: ctx.data.author, from: 'json-ld' };
  if (ctx.meta.author) return { value: ctx.meta.author, from: 'meta' };
  const rel = ctx.$('a[rel~="author"]').first().text().replace(/\s+/g, ' ').trim();
  if (rel) return { value: rel, from: 'heuristic' };
  const hinted = hintedText(ctx.$, AUTHOR_HINT, (text) => (/\d{4}/.test(text) ? null : cleanByline(text) || null));
  return { value: hinted, from: hinted ? 'heuristic' : null };
}

/** A date read with the configured pattern first, then by the general parser. */
export function readDate(text: string | null, format: string | undefined, timezone: string | null, locale: string | null = null): string | null {
  if (!text) return null;
  return (format ? parseWithFormat(text, format, timezone, locale) : null) ?? parseDate(text, { timezone }) ?? parseDate(firstDateOf(text), { timezone });
}

/** "Publié le 18 avril 2024 à 21h37, modifié le 19 avril…" → "18 avril 2024 à 21h37". */
function firstDateOf(text: string): string {
  const first = text.split(/\s*(?:[,|·•]|\bmodifi|\bmis à jour|\bupdated|\bactualis)/iu)[0] ?? text;
  return first.replace(/^\s*(?:publi[ée]e?|posted|published|mis en ligne|paru|first published)?\s*(?:le|on|:)?\s*/iu, '').trim();
}

/** "By Jane Doe", "Par Jean Dupont" → the name. */
function cleanByline(text: string): string {
  return text.replace(/^\s*(by|par|von|por|di|door)\s+/i, '').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The first short element whose class/id hints at the field and whose text the reader accepts. */
function hintedText(
  $: CheerioAPI,
  hint: RegExp,
  read: (text: string) => string | null,
): string | null {
  let found: string | null = null;
  $('[class], [id]').each((_i, el) => {
    const e = el as Element;
    if (!hint.test(`${e.attribs.class ?? ''} ${e.attribs.id ?? ''}`)) return;
    const text = $(e).text().replace(/\s+/g, ' ').trim();
    if (text === '' || text.length > MAX_SHORT_TEXT) return;
    found = read(text);
    if (found) return false;
    return;
  });
  return found;
}
