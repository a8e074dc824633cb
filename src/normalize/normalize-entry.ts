/**
 * normalize: one FeedEntry as the document carried it → one NormalizedItem (absolute canonical
 * URL, plain title, sanitized HTML without chrome, plain text, UTC dates, dateline). Pure.
 */
import type { FeedEntry, ParsedFeed, RawEnclosure, TextValue } from '../model/entry.js';
import type { Enclosure, FeedMeta, NormalizedItem } from '../model/item.js';
import { canonicalUrl } from './canonical-url.js';
import { cleanBody } from './clean-body.js';
import { normalizeEditorial } from './editorial.js';
import { foldWhitespace } from './html-to-text.js';
import { parseDate } from './parse-date.js';
import { plainTitle } from './plain-title.js';
import { sanitizeHtml } from './sanitize-html.js';
import { textToHtml } from './text-to-html.js';
import { isMostlyUpperCase, titleCaseSentence } from './title-case.js';

export interface NormalizeContext {
  feed: ParsedFeed;
  /** The source's configured language: used when neither the entry nor the feed declares one. */
  language?: string | null;
  /** The source's IANA zone, for dates written without an offset. */
  timezone?: string | null;
  titleCase?: 'keep' | 'sentence';
}

export const UNTITLED = '(untitled)';
const FALLBACK_TITLE_CHARS = 80;
const MAX_CATEGORIES = 50;
const MAX_ENCLOSURES = 20;

export function normalizeEntry(entry: FeedEntry, ctx: NormalizeContext): NormalizedItem {
  const base = entry.base ?? ctx.feed.base;
  const title = plainTitle(entry.title) || null;
  const feedTitle = normalizeFeedMeta(ctx.feed).title;
  const siteNames = feedTitle ? [feedTitle] : [];
  const summaryHtml = toSafeHtml(entry.summary, base);
  const body = cleanBody(toSafeHtml(entry.content, base) ?? summaryHtml ?? '', { title, siteNames, findDateline: true });
  const summary = summaryHtml ? cleanBody(summaryHtml, { title, siteNames, findDateline: false }).html : '';
  const contentText = body.text;
  const timezone = { timezone: ctx.timezone ?? null };
  return {
    guid: entry.guid?.trim() || null,
    url: findUrl(entry, base),
    title: chooseTitle(title, contentText, ctx.titleCase ?? 'keep'),
    // Atom entries often carry only <updated>: it is the best publication date they give.
    published: parseDate(entry.published, timezone) ?? parseDate(entry.updated, timezone),
    updated: parseDate(entry.updated, timezone),
    author: cleanAuthor(entry.author) ?? body.credit,
    categories: cleanCategories(entry.categories),
    enclosures: cleanEnclosures(entry.enclosures, base),
    summary: summary || null,
    contentHtml: body.html || null,
    contentText,
    language: cleanLanguage(entry.language ?? ctx.feed.language ?? ctx.language ?? null),
    dateline: entry.dateline?.trim() || body.dateline,
    ...(entry.editorial ? { editorial: normalizeEditorial(entry.editorial, ctx.timezone ?? null) } : {}),
  };
}

export function normalizeFeedMeta(feed: ParsedFeed): FeedMeta {
  const type = feed.titleType ?? (feed.title && looksLikeMarkup(feed.title) ? 'html' : 'text');
  const title = feed.title ? plainTitle({ value: feed.title, type }) : '';
  return {
    title: title || null,
    link: canonicalUrl(feed.link, feed.base),
    language: cleanLanguage(feed.language),
  };
}

function toSafeHtml(text: TextValue | null, base: string | null): string | null {
  if (!text) return null;
  const html = text.type === 'html' ? sanitizeHtml(text.value, text.base ?? base) : textToHtml(text.value);
  return html === '' ? null : html;
}

/** The entry link, else an RSS guid that is a permalink. */
function findUrl(entry: FeedEntry, base: string | null): string | null {
  const fromLink = canonicalUrl(entry.link, base);
  if (fromLink || !entry.guidIsPermaLink || !entry.guid) return fromLink;
  return /^https?:\/\//i.test(entry.guid.trim()) ? canonicalUrl(entry.guid, base) : null;
}

function chooseTitle(title: string | null, contentText: string, titleCase: 'keep' | 'sentence'): string {
  const chosen = title ?? leadOf(contentText) ?? UNTITLED;
  if (titleCase === 'sentence' && isMostlyUpperCase(chosen)) return titleCaseSentence(chosen, contentText);
  return chosen;
}

/** The first words of the text, cut at a word boundary (items without titles, e.g. microblogs). */
function leadOf(text: string): string | null {
  const firstLine = text.split('\n')[0]?.trim() ?? '';
  if (firstLine === '') return null;
  if (firstLine.length <= FALLBACK_TITLE_CHARS) return firstLine;
  const cut = firstLine.slice(0, FALLBACK_TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > FALLBACK_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** RSS `<author>` is `email (Name)` by the spec (also written `Name (email)`, `Name <email>`); readers want the name. */
function cleanAuthor(author: string | null): string | null {
  if (!author) return null;
  const folded = foldWhitespace(author).slice(0, 200);
  const named =
    /^\S+@\S+\s*\((.+)\)$/.exec(folded)?.[1] ??
    /^(.+?)\s*<\S+@\S+>$/.exec(folded)?.[1] ??
    /^([^@()]+?)\s*\(\s*(?:mailto:)?[^\s@()]+@[^\s@()]+\s*\)$/.exec(folded)?.[1];
  return (named ?? folded).trim() || null;
}

function cleanCategories(categories: string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const category of categories) {
    const name = foldWhitespace(category).slice(0, 200);
    const key = name.toLocaleLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    kept.push(name);
  }
  return kept.slice(0, MAX_CATEGORIES);
}

function cleanEnclosures(enclosures: RawEnclosure[], base: string | null): Enclosure[] {
  const byUrl = new Map<string, Enclosure>();
  for (const enclosure of enclosures) {
    const url = canonicalUrl(enclosure.url, base);
    if (!url || byUrl.has(url)) continue;
    const length = enclosure.length !== null && Number.isSafeInteger(enclosure.length) && enclosure.length >= 0 ? enclosure.length : null;
    byUrl.set(url, { url, type: enclosure.type?.trim().toLowerCase() || null, length });
  }
  return [...byUrl.values()].slice(0, MAX_ENCLOSURES);
}

/** A language tag, lowercased; `en_US` (a POSIX locale written for a tag) becomes `en-us`. */
function cleanLanguage(language: string | null | undefined): string | null {
  return language?.trim().toLowerCase().replace(/_/g, '-') || null;
}

function looksLikeMarkup(text: string): boolean {
  return /<[a-z/!]|&(?:#\d+|#x[\da-f]+|[a-z]+);/i.test(text);
}
