/**
 * The article body, chosen per page by evidence among several extractors: the source's `body`
 * selector (the operator's word wins), Readability.js, wiredesk's density heuristic and the page's
 * own JSON-LD `articleBody`. Readability has the best recall; its extra blocks are pruned where
 * the other extractors disagree (prune-blocks.ts); a candidate that misses most of what the page's
 * structured data says its article is loses to one that has it.
 */
import type { CheerioAPI } from 'cheerio';
import { detectDateline } from '../normalize/dateline.js';
import { htmlToText } from '../normalize/html-to-text.js';
import { textToHtml } from '../normalize/text-to-html.js';
import { findMainContent, type MainContent } from './main-content.js';
import { fold, pruneBlocks } from './prune-blocks.js';
import { readWithReadability } from './readability-body.js';

export interface ChosenBody {
  html: string;
  /** `selector`, `readability`, `heuristic`, `json-ld`, or null when nothing was found. */
  from: string | null;
  isArticle: boolean;
  /** Readability's byline and date, as further fallbacks for those fields. */
  byline: string | null;
}

export interface BodyInputs {
  /** The page before chrome stripping (Readability does its own). */
  html: string;
  url: string;
  /** The page with chrome stripped, for the heuristic. */
  $: CheerioAPI;
  articleBody: string | null;
}

/** A heuristic body needs this much to count as an article rather than a page of links. */
const MIN_ARTICLE_PARAGRAPHS = 2;
const MIN_ARTICLE_CHARS = 400;
/** JSON-LD articleBody this long is evidence of what the article is (shorter ones are teasers). */
const MIN_REFERENCE_CHARS = 80;

export function chooseBody(inputs: BodyInputs): ChosenBody {
  const main = findMainContent(inputs.$);
  const mainText = main ? htmlToText(main.html) : '';
  const reader = readWithReadability(inputs.html, inputs.url);
  const reference = (inputs.articleBody?.trim().length ?? 0) >= MIN_REFERENCE_CHARS ? inputs.articleBody : null;
  const byline = reader?.byline ?? null;
  // The page's structured data holds the article, the page shows a teaser of it (a paywall).
  const misses = (text: string): boolean => reference !== null && coverage(reference, text) < 0.5 && reference.length > text.length * 1.5;
  if (reader) {
    const pruned = withDateline(pruneBlocks(reader.html, { agreeing: [fold(mainText), fold(inputs.articleBody ?? '')] }), byline);
    const prunedText = htmlToText(pruned);
    if (!misses(prunedText) && !isMuchShorter(prunedText, mainText, main)) {
      return { html: pruned, from: 'readability', isArticle: prunedText.length >= MIN_ARTICLE_CHARS, byline };
    }
  }
  if (reference && misses(mainText)) return { html: textToHtml(reference), from: 'json-ld', isArticle: true, byline };
  if (main && main.html.trim() !== '') return { html: main.html, from: 'heuristic', isArticle: isArticleSized(main), byline };
  if (reference) return { html: textToHtml(reference), from: 'json-ld', isArticle: true, byline };
  return { html: '', from: null, isArticle: false, byline };
}

/** Readability takes a `.dateline` element for a byline; normalize reads it from the body's first paragraph. */
function withDateline(html: string, byline: string | null): string {
  return byline && detectDateline(byline)?.whole ? `${textToHtml(byline)}\n${html}` : html;
}

function isArticleSized(main: MainContent): boolean {
  return main.paragraphs >= MIN_ARTICLE_PARAGRAPHS && main.textChars >= MIN_ARTICLE_CHARS;
}

/** Readability kept a fragment while the heuristic found a full article around it. */
function isMuchShorter(text: string, mainText: string, main: MainContent | null): boolean {
  return main !== null && isArticleSized(main) && text.length * 3 < mainText.length && coverage(text, mainText) > 0.8;
}

/** Share of `of`'s word 3-shingles that `text` has. */
export function coverage(of: string, text: string): number {
  const want = shingleSet(of);
  if (want.size === 0) return 1;
  const have = shingleSet(text);
  let n = 0;
  for (const s of want) if (have.has(s)) n += 1;
  return n / want.size;
}

function shingleSet(text: string): Set<string> {
  const words = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  const set = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return set;
}
