/**
 * Readability keeps too much (its weakness is precision): captions, bylines, breadcrumbs,
 * "related" lists and copyright lines around the article. This drops such blocks from an extracted
 * body, by their shape (short, link-heavy, caption-like, at the edges) and by agreement with the
 * other evidence: a block the page's JSON-LD articleBody or the density heuristic also holds stays.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { HTML_FRAGMENT_OPTIONS } from '../normalize/html-to-text.js';
import { textStats } from './dom-text.js';

export interface PruneEvidence {
  /** Folded text of the other extractions (heuristic body, JSON-LD articleBody): blocks found there stay. */
  agreeing: string[];
}

const BLOCKS = 'p, li, dd, dt, h1, h2, h3, h4, h5, h6, blockquote, pre, figure, figcaption, table, div, section, span';
const CAPTION_HINT = /(^|[\s_-])(caption|credit|image-credit|photo-credit|wp-caption-text|media-caption)/i;
const CHROME_LINE = /^(related|read more|see also|also read|more from|more on|you may also like|recommended|advertisement|sponsored|subscribe|sign up|sign in|log in|share|loading|latest|popular|highlights|follow us|tags?|topics?)\b/i;
const CAPTION_LINE = /^\(?(image|photo|picture|pictured|credit|source|foto|bild|illustration)s?(\s+credit)?\s*[:©(]/i;
const COPYRIGHT = /©|\bcopyright\b|all rights reserved|tous droits réservés/i;
const SENTENCE_END = /[.!?…"”’»)]$/;
/** A line this short that ends no sentence is a label, not text (at the edges of the body). */
const SHORT_LABEL = 80;
const SHORT_LINKY = 160;

export function pruneBlocks(html: string, evidence: PruneEvidence): string {
  const $ = load(html, HTML_FRAGMENT_OPTIONS, false);
  const agreeing = evidence.agreeing.filter((t) => t.length > 0);
  const holds = (text: string): boolean => agreeing.some((t) => t.includes(fold(text)));
  const total = textStats($.root().get(0) as AnyNode).chars;
  for (const el of $(BLOCKS).toArray() as Element[]) {
    if (!el.parent) continue;
    const text = $(el).text().replace(/\s+/g, ' ').trim();
    if (text === '' || text.length > total / 2) continue;
    if (isChromeBlock($, el, text) && !(text.length >= SHORT_LINKY && holds(text))) $(el).remove();
  }
  trimEdges($, holds);
  return $.html();
}

function isChromeBlock($: CheerioAPI, el: Element, text: string): boolean {
  if (el.name === 'figcaption' || CAPTION_HINT.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`)) return true;
  if (el.name === 'figure') return !$(el).find('p').toArray().some((p) => $(p).text().length > 200);
  if (['div', 'section', 'span'].includes(el.name) && hasBlockChild(el)) return false;
  const stats = textStats(el);
  const linkShare = stats.chars === 0 ? 0 : stats.linkChars / stats.chars;
  if (text.length < SHORT_LINKY && linkShare > 0.5) return true;
  if (text.length < 200 && (CHROME_LINE.test(text) || CAPTION_LINE.test(text) || COPYRIGHT.test(text))) return true;
  if ((el.name === 'ul' || el.name === 'ol') && linkShare > 0.6) return true;
  return false;
}

function hasBlockChild(el: Element): boolean {
  return el.children.some((c) => c.type === 'tag' && /^(p|div|ul|ol|table|h[1-6]|blockquote|figure|section)$/.test(c.name));
}

/** Leading labels (breadcrumbs, byline, date) and trailing ones (bio links, sign-offs of the site). */
function trimEdges($: CheerioAPI, holds: (text: string) => boolean): void {
  const leaves = ($('p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, dd, dt, div, span').toArray() as Element[])
    .filter((el) => !hasBlockChild(el) && $(el).text().trim() !== '');
  const isLabel = (el: Element): boolean => {
    const text = $(el).text().replace(/\s+/g, ' ').trim();
    return text.length < SHORT_LABEL && !SENTENCE_END.test(text) && !/^h[2-6]$/.test(el.name) && !holds(text);
  };
  for (const el of leaves) {
    if (!isLabel(el)) break;
    $(el).remove();
  }
  for (const el of [...leaves].reverse()) {
    if (!el.parent || !isLabel(el)) break;
    $(el).remove();
  }
}

export function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}
