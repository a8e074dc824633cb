/**
 * JSON-LD in a page (`<script type="application/ld+json">`): the first NewsArticle / Article-like
 * object, wherever it sits (top level, arrays, `@graph`, `mainEntity`). Broken JSON is skipped.
 */
import type { CheerioAPI } from 'cheerio';

export interface ArticleData {
  headline: string | null;
  datePublished: string | null;
  dateModified: string | null;
  author: string | null;
  articleBody: string | null;
  description: string | null;
  inLanguage: string | null;
  url: string | null;
  keywords: string[];
  section: string | null;
}

const ARTICLE_TYPES = new Set([
  'article', 'newsarticle', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle', 'backgroundnewsarticle',
  'reviewnewsarticle', 'blogposting', 'socialmediaposting', 'liveblogposting', 'report', 'scholarlyarticle', 'techarticle',
]);
/** A page's JSON-LD is small; anything bigger is not worth parsing. */
const MAX_JSON_CHARS = 512 * 1024;
const MAX_DEPTH = 6;

export function readArticleData($: CheerioAPI): ArticleData | null {
  for (const el of $('script[type="application/ld+json" i]').toArray()) {
    const text = $(el).text().trim();
    if (text === '' || text.length > MAX_JSON_CHARS) continue;
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^<!--|-->$/g, ''));
    } catch {
      continue;
    }
    const article = findArticle(json, 0);
    if (article) return toArticleData(article);
  }
  return null;
}

function findArticle(value: unknown, depth: number): Record<string, unknown> | null {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const entry of value) {
      const found = findArticle(entry, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  if (typesOf(record['@type']).some((t) => ARTICLE_TYPES.has(t))) return record;
  return findArticle(record['@graph'], depth + 1) ?? findArticle(record.mainEntity, depth + 1) ?? findArticle(record.mainEntityOfPage, depth + 1);
}

function typesOf(type: unknown): string[] {
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase().replace(/^.*[/:]/, ''));
}

function toArticleData(article: Record<string, unknown>): ArticleData {
  return {
    headline: stringOf(article.headline) ?? stringOf(article.name),
    datePublished: stringOf(article.datePublished) ?? stringOf(article.dateCreated),
    dateModified: stringOf(article.dateModified),
    author: namesOf(article.author) ?? namesOf(article.creator),
    articleBody: stringOf(article.articleBody),
    description: stringOf(article.description),
    inLanguage: stringOf(article.inLanguage) ?? nameOf(article.inLanguage),
    url: stringOf(article.url),
    keywords: keywordsOf(article.keywords),
    section: stringOf(article.articleSection) ?? (Array.isArray(article.articleSection) ? stringOf(article.articleSection[0]) : null),
  };
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

function nameOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return stringOf(value);
  return stringOf((value as Record<string, unknown>).name);
}

/** `"author": [{"@type":"Person","name":"A"}, "B"]` → `A, B`. */
function namesOf(value: unknown): string | null {
  const list = Array.isArray(value) ? value : [value];
  const names = list.map(nameOf).filter((n): n is string => n !== null && !/^https?:\/\//i.test(n));
  return names.length > 0 ? [...new Set(names)].slice(0, 5).join(', ') : null;
}

function keywordsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((k) => k.trim()).filter(Boolean).slice(0, 20);
  if (Array.isArray(value)) return value.filter((k): k is string => typeof k === 'string').map((k) => k.trim()).filter(Boolean).slice(0, 20);
  return [];
}
