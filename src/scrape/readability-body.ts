/**
 * Mozilla's Readability.js over linkedom, as one body extractor among others: HTML in, the
 * article's HTML and text out (or null when Readability finds no article). Readability mutates
 * the document it is given, so each call parses its own copy.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface ReadabilityArticle {
  title: string | null;
  html: string;
  text: string;
  byline: string | null;
  publishedTime: string | null;
}

/** Readability gives up on pages with more elements than this (time, not quality). */
const MAX_ELEMENTS = 60_000;

export function readWithReadability(html: string, url: string): ReadabilityArticle | null {
  const { document } = parseHTML(html);
  setBase(document, url);
  // Readability's types name the browser's Document; linkedom's is the same shape.
  const reader = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    maxElemsToParse: MAX_ELEMENTS,
    charThreshold: 400,
  });
  let article;
  try {
    article = reader.parse();
  } catch {
    return null;
  }
  if (!article?.content) return null;
  return {
    title: article.title?.trim() || null,
    html: article.content,
    text: article.textContent ?? '',
    byline: article.byline?.trim() || null,
    publishedTime: article.publishedTime?.trim() || null,
  };
}

/** Readability resolves relative links against the document's base URI. */
function setBase(document: { querySelector(s: string): unknown; head?: unknown }, url: string): void {
  if (!/^https?:/i.test(url)) return;
  const doc = document as unknown as { querySelector(s: string): { setAttribute(k: string, v: string): void } | null;
    createElement(t: string): { setAttribute(k: string, v: string): void }; head: { prepend(n: unknown): void } | null };
  if (doc.querySelector('base[href]') || !doc.head) return;
  const base = doc.createElement('base');
  base.setAttribute('href', url);
  doc.head.prepend(base);
}
