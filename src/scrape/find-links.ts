/**
 * scrape: a listing page (section front, "latest news") → the article URLs it links, in page
 * order. With a `links` selector, exactly what it matches; without, links that read like article
 * headlines: inside headings or `<article>`, or long-titled links to slug-like paths on the same site.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { WiredeskError } from '../model/errors.js';
import { parseDate } from '../normalize/parse-date.js';
import { stripChrome } from './strip-chrome.js';

export interface ListingLinks {
  urls: string[];
  /** The date the listing shows beside a link (`<time datetime>` in its teaser), by URL. */
  dates: Record<string, string>;
  /** How they were found, for error messages. */
  how: string;
}

/** Paths of section fronts and utility pages, not articles. */
const NOT_ARTICLE_PATH = /\/(tags?|categor(y|ies)|rubriques?|sections?|topics?|themes?|authors?|auteurs?|search|recherche|page|login|account|abonnement|subscribe|newsletter|contact|about|a-propos|mentions-legales|privacy|cgu|rss|feed)(\/|$)/i;
const MIN_HEADLINE_CHARS = 20;

export function findArticleLinks(html: string, pageUrl: string, selector: string | undefined, max: number): ListingLinks {
  const $ = load(html);
  if (selector) return withDates($, selectAll($, selector), pageUrl, 'none', max, `selector \`${selector}\``);
  stripChrome($, [], { layout: true });
  const inHeadlines = $('h1 a[href], h2 a[href], h3 a[href], h4 a[href], article a[href], a[href] h2, a[href] h3')
    .toArray()
    .map((el) => (el.type === 'tag' && el.name === 'a' ? el : ($(el).closest('a').get(0) ?? el)));
  const headlines = withDates($, inHeadlines, pageUrl, 'headline', max, 'links in headings and <article> elements');
  if (headlines.urls.length > 0) return headlines;
  const longLinks = $('a[href]').toArray().filter((a) => $(a).text().replace(/\s+/g, ' ').trim().length >= MIN_HEADLINE_CHARS * 1.5);
  return withDates($, longLinks, pageUrl, 'long-link', max, 'links with headline-length text');
}

function withDates($: CheerioAPI, elements: AnyNode[], pageUrl: string, filter: 'none' | 'headline' | 'long-link', max: number, how: string): ListingLinks {
  const urls = cap(collect($, elements, pageUrl, filter), max);
  const dates: Record<string, string> = {};
  for (const el of elements) {
    const url = absolute($(el as Element).attr('href') ?? $(el as Element).find('a[href]').attr('href'), pageUrl);
    const date = url && urls.includes(url) && !dates[url] ? teaserDate($, el) : null;
    if (url && date) dates[url] = date;
  }
  return { urls, dates, how };
}

/** A `<time datetime>` in the link's teaser: the nearest ancestor (up to 4 up) that holds one link only. */
function teaserDate($: CheerioAPI, el: AnyNode): string | null {
  let node: AnyNode | null = el;
  for (let up = 0; up < 4 && node?.parent; up++) {
    node = node.parent;
    const scope = $(node as Element);
    if (new Set(scope.find('a[href]').toArray().map((a) => (a as Element).attribs.href)).size > 1) return null;
    const time = scope.find('time[datetime]').first().attr('datetime');
    if (time) return parseDate(time);
  }
  return null;
}

/** `filter`: none (the operator's selector is trusted), `headline` or `long-link` (see isLikelyArticle). */
function collect($: CheerioAPI, elements: AnyNode[], pageUrl: string, filter: 'none' | 'headline' | 'long-link'): string[] {
  const urls: string[] = [];
  for (const el of elements) {
    const href = $(el as Element).attr('href') ?? $(el as Element).find('a[href]').attr('href');
    const url = absolute(href, pageUrl);
    if (url === null || urls.includes(url) || url === stripHash(pageUrl)) continue;
    if (filter !== 'none' && !isLikelyArticle(url, pageUrl, filter === 'headline')) continue;
    urls.push(url);
  }
  return urls;
}

/**
 * Same site (or both local files), and a path that is neither the front page nor a section; a bare
 * long link must also look like an article path (a slug or an id), a headline link need not.
 */
function selectAll($: CheerioAPI, selector: string): AnyNode[] {
  try {
    return $(selector).toArray();
  } catch (err) {
    throw new WiredeskError('SCRAPE_FAILED', `scrape: the links selector \`${selector}\` is not valid CSS; fix scrape.links`, { cause: err });
  }
}

function isLikelyArticle(url: string, pageUrl: string, inHeadline: boolean): boolean {
  const target = new URL(url);
  const page = new URL(pageUrl);
  if (target.protocol !== page.protocol) return false;
  // Same site: same scheme, host (www. aside) and port; another port of one host is another site.
  if (target.protocol !== 'file:' && target.host.replace(/^www\./, '') !== page.host.replace(/^www\./, '')) return false;
  const path = target.pathname.replace(/\/+$/, '');
  if (path === '' || NOT_ARTICLE_PATH.test(target.pathname)) return false;
  if (inHeadline) return true;
  const last = path.split('/').at(-1) ?? '';
  return /\d/.test(last) || last.split(/[-_]/).length >= 3 || path.split('/').length >= 4;
}

function absolute(href: string | undefined, base: string): string | null {
  if (!href || /^\s*(javascript|mailto|tel|data):/i.test(href)) return null;
  try {
    const url = new URL(href.trim(), base);
    if (!['http:', 'https:', 'file:'].includes(url.protocol)) return null;
    // A listing read from a file may only point at files (the sample pages), never the reverse.
    if (url.protocol === 'file:' && !base.startsWith('file:')) return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

function stripHash(url: string): string {
  return url.replace(/#.*$/, '');
}

function cap(urls: string[], max: number): string[] {
  return urls.slice(0, max);
}
