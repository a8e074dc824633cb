/**
 * scrape: one article page (HTML text) → an ExtractedPage: title, dates, author, dateline and the
 * body as HTML, by the source's selectors first, then JSON-LD, meta tags, `<time>` and the
 * main-content heuristic. Pure; the body is still raw HTML that normalize sanitizes and cleans.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { ScrapeConfig } from '../config/schema.js';
import type { DateSource } from '../model/item.js';
import { detectDateline, formatPlace } from '../normalize/dateline.js';
import { chooseBody, type BodyInputs } from './choose-body.js';
import { readPageMeta } from './meta-tags.js';
import { dateInUrl, resolvePageDate, type DateHints, type PageDate } from './page-date.js';
import { readAuthor, readModified, readPublished, type FieldContext, type SelectorMiss } from './read-fields.js';
import { readTitle } from './read-title.js';
import { stripChrome, stripLayout } from './strip-chrome.js';
import { readArticleData } from './structured-data.js';

export interface ExtractedPage {
  /** The page as fetched. */
  url: string;
  /** The page's canonical URL when it gives a plausible one, else `url`. */
  link: string;
  title: string | null;
  /** ISO-8601 UTC: the page's own date, else the best fallback (see page-date.ts); null only without hints. */
  published: string | null;
  dateSource: DateSource | null;
  updated: string | null;
  author: string | null;
  /** From the `dateline` selector, already split: place and credit. */
  dateline: string | null;
  credit: string | null;
  bodyHtml: string;
  summary: string | null;
  language: string | null;
  categories: string[];
  /** Whether the page calls itself an article (JSON-LD, og:type) or reads like one. */
  looksLikeArticle: boolean;
  /** Whether it calls itself one: a front page of teasers can read like an article but never says so. */
  declaresArticle: boolean;
  found: { title: string | null; date: string | null; body: string | null };
  misses: SelectorMiss[];
}

export interface ExtractOptions {
  scrape?: ScrapeConfig | undefined;
  timezone?: string | null;
  /** What the page loader knows beside the HTML: listing date, Last-Modified, when it was seen. */
  hints?: DateHints | undefined;
}

export function extractArticle(html: string, url: string, options: ExtractOptions = {}): ExtractedPage {
  const scrape = options.scrape;
  const $ = load(html);
  const data = readArticleData($);
  const meta = readPageMeta($);
  stripChrome($, scrape?.remove ?? [], { layout: false });
  const ctx: FieldContext = { $, url, data, meta, timezone: options.timezone ?? null, locale: scrape?.locale ?? null, misses: [] };
  const title = readTitle(ctx, scrape?.title);
  const found = readPublished(ctx, scrape?.date, scrape?.dateFormat);
  const date = options.hints ? resolvePageDate(found, url, options.hints, ctx.timezone) : ownDate(found, url, ctx.timezone);
  const author = readAuthor(ctx, scrape?.author);
  const dateline = readDatelineElement($, ctx, scrape?.dateline);
  // The operator's `remove` and `dateline` selectors hold for every extractor: Readability reads the page as they left it.
  const readerHtml = (scrape?.remove?.length ?? 0) > 0 || scrape?.dateline ? $.html() : html;
  stripLayout($);
  const body = readBody({ html: readerHtml, url, $, articleBody: data?.articleBody ?? null }, ctx, scrape?.body);
  return {
    url,
    link: plausibleCanonical(meta.canonical ?? data?.url ?? null, url),
    title: title.value,
    published: date?.published ?? null,
    dateSource: date?.dateSource ?? null,
    // A modification date equal to publication says nothing: dropped, so pages with and without JSON-LD agree.
    updated: sameOrNull(readModified(ctx), found.value),
    author: author.value,
    dateline: dateline?.dateline ?? null,
    credit: dateline?.credit ?? null,
    bodyHtml: body.html,
    summary: meta.description ?? data?.description ?? null,
    language: meta.language ?? data?.inLanguage?.toLowerCase() ?? null,
    categories: [...new Set([data?.section, meta.section, ...(data?.keywords ?? []), ...meta.tags].filter((c): c is string => !!c))],
    looksLikeArticle: data !== null || meta.isArticle || body.isArticle,
    declaresArticle: data !== null || meta.isArticle,
    found: { title: title.from, date: found.from, body: body.from },
    misses: ctx.misses,
  };
}

/** The dateline element is read, split (`Paris / La Gazette`) and taken out of the body. */
function readDatelineElement($: CheerioAPI, ctx: FieldContext, selector: string | undefined): { dateline: string; credit: string | null } | null {
  if (!selector) return null;
  let el;
  try {
    el = $(selector).first();
  } catch {
    ctx.misses.push({ field: 'dateline', selector, reason: 'invalid' });
    return null;
  }
  const text = el.text().replace(/\s+/g, ' ').trim();
  if (el.length === 0 || text === '') {
    ctx.misses.push({ field: 'dateline', selector, reason: 'nothing' });
    return null;
  }
  el.remove();
  const match = detectDateline(text);
  if (match) return { dateline: match.dateline, credit: match.credit };
  return { dateline: formatPlace(text.replace(/[\s—–-]+$/, '')), credit: null };
}

interface Body { html: string; from: string | null; isArticle: boolean }

function readBody(inputs: BodyInputs, ctx: FieldContext, selector: string | undefined): Body {
  const { $ } = inputs;
  if (selector) {
    let matched: string[] = [];
    try {
      matched = $(selector).toArray().map((el) => $(el).html() ?? '').filter((h) => h.trim() !== '');
    } catch {
      ctx.misses.push({ field: 'body', selector, reason: 'invalid' });
    }
    if (matched.length > 0) return { html: matched.join('\n'), from: 'selector', isArticle: true };
    if (!ctx.misses.some((m) => m.field === 'body')) ctx.misses.push({ field: 'body', selector, reason: 'nothing' });
  }
  return chooseBody(inputs);
}

/** Without hints (a bench, a test): the page's own date, else its URL's. */
function ownDate(found: { value: string | null; from: string | null }, url: string, timezone: string | null): PageDate | null {
  if (found.value) return resolvePageDate(found, url, { seenAt: found.value }, timezone);
  const fromUrl = dateInUrl(url, timezone);
  return fromUrl ? { published: fromUrl, dateSource: 'url' } : null;
}

function sameOrNull(updated: string | null, published: string | null): string | null {
  return updated === published ? null : updated;
}

/** A canonical link to the site's front page (a common CMS mistake) would merge every article into one. */
function plausibleCanonical(canonical: string | null, pageUrl: string): string {
  if (!canonical) return pageUrl;
  try {
    const resolved = new URL(canonical, pageUrl);
    if (!/^https?:$/.test(resolved.protocol) || resolved.pathname === '/' || resolved.pathname === '') return pageUrl;
    return resolved.href;
  } catch {
    return pageUrl;
  }
}
