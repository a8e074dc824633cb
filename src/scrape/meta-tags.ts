/** OpenGraph, article:* and plain meta tags, `<time datetime>`, `<html lang>`, the canonical link. */
import type { CheerioAPI } from 'cheerio';

export interface PageMeta {
  title: string | null;
  siteName: string | null;
  description: string | null;
  published: string | null;
  modified: string | null;
  author: string | null;
  language: string | null;
  canonical: string | null;
  section: string | null;
  tags: string[];
  isArticle: boolean;
}

const PUBLISHED_KEYS = ['article:published_time', 'og:published_time', 'datepublished', 'date', 'pubdate', 'publishdate',
  'publish-date', 'dc.date.issued', 'dc.date', 'dcterms.date', 'dcterms.created', 'sailthru.date', 'parsely-pub-date'];
const MODIFIED_KEYS = ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'];

export function readPageMeta($: CheerioAPI): PageMeta {
  const meta = metaValues($);
  const first = (keys: string[]): string | null => keys.map((k) => meta.get(k)?.[0]).find((v) => v !== undefined) ?? null;
  const author = first(['author', 'article:author', 'dc.creator', 'parsely-author', 'sailthru.author']);
  return {
    title: first(['og:title', 'twitter:title', 'dc.title', 'headline']),
    siteName: first(['og:site_name', 'application-name']),
    description: first(['og:description', 'description', 'twitter:description']),
    published: first(PUBLISHED_KEYS) ?? itempropDate($, 'datePublished'),
    modified: first(MODIFIED_KEYS) ?? itempropDate($, 'dateModified'),
    author: author && !/^https?:\/\//i.test(author) ? author : null,
    language: pageLanguage($, first(['og:locale', 'content-language', 'language', 'dc.language'])),
    canonical: $('link[rel~="canonical" i]').first().attr('href')?.trim() || first(['og:url']),
    section: first(['article:section']),
    tags: (meta.get('article:tag') ?? []).slice(0, 20),
    isArticle: /article/i.test(first(['og:type']) ?? ''),
  };
}

/** Every `<meta name|property|itemprop|http-equiv content>`, keys lowercased. */
function metaValues($: CheerioAPI): Map<string, string[]> {
  const values = new Map<string, string[]>();
  $('meta[content]').each((_i, el) => {
    const attrs = (el as { attribs: Record<string, string> }).attribs;
    const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? attrs['http-equiv'] ?? '').trim().toLowerCase();
    const content = (attrs.content ?? '').trim();
    if (key === '' || content === '') return;
    const list = values.get(key) ?? [];
    list.push(content);
    values.set(key, list);
  });
  return values;
}

function itempropDate($: CheerioAPI, prop: string): string | null {
  const el = $(`[itemprop="${prop}"]`).first();
  if (el.length === 0) return null;
  return el.attr('datetime')?.trim() || el.attr('content')?.trim() || el.text().trim() || null;
}

/** `<html lang>` first (it is what the page says of itself), then og:locale `fr_FR` → `fr-fr`. */
function pageLanguage($: CheerioAPI, metaLocale: string | null): string | null {
  const lang = $('html').attr('lang')?.trim() || $('html').attr('xml:lang')?.trim() || metaLocale;
  if (!lang) return null;
  const tag = lang.replace(/_/g, '-').toLowerCase();
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(tag) ? tag : null;
}

/** `<time datetime>` inside the article first, else anywhere in the page. */
export function readTimeElement($: CheerioAPI, scope: string): string | null {
  const pick = (selector: string): string | null => $(selector).first().attr('datetime')?.trim() || null;
  return pick(`${scope} time[datetime]`) ?? pick('time[datetime]');
}
