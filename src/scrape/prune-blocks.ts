/**
 * Readability keeps too much (its weakness is precision): captions, bylines, breadcrumbs,
 * "related" lists and copyright lines around the article. This drops such blocks from an extracted
 * body, by their shape (short, link-heavy, caption-like, at the edges) and by agreement with the
 * other evidence: a block the page's JSON-LD articleBody or the density heuristic also holds stays.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { HTML_FRAGMENT_OPTIONS } from '../normalize/html-to-text.js';
import { detectDateline } from '../normalize/dateline.js';
import { textStats } from './dom-text.js';

export interface PruneEvidence {
  /** Folded text of the other extractions (heuristic body, JSON-LD articleBody): blocks found there stay. */
  agreeing: string[];
}

const BLOCKS = 'p, li, dd, dt, td, th, h1, h2, h3, h4, h5, h6, blockquote, pre, figure, figcaption, table, div, section, span';
const CAPTION_HINT = /(^|[\s_-])(caption|credit|image-credit|photo-credit|wp-caption-text|media-caption)/i;
const CHROME_LINE = /^(related|read more|see also|also read|more from|more on|you may also like|recommended|advertisement|sponsored|subscribe|sign up|sign in|log in|share|loading|latest|popular|highlights|follow us|tags?|topics?)\b/i;
const CAPTION_LINE = /^\(?(image|photo|picture|pictured|credit|source|foto|bild|illustration)s?(\s+credit)?\s*[:©(]/i;
const COPYRIGHT = /©|\bcopyright\b|all rights reserved|tous droits réservés/i;
const SENTENCE_END = /[.!?…"”’»)]$/;
/** A byline or time stamp line: "By Jane Doe", "Par X Publié le 18 avril…", "Updated 11:21 pm". */
const BYLINE_OR_STAMP = /^(by|par|von|por|di|door)\s+\p{Lu}|\b(published|updated|posted|publié|modifié|mis à jour|actualisé)\b/iu;
/** Calls to act that close an article page: only at its end, only in short lines. */
const CLOSING_CHROME = /abonnez-vous|s'abonner|subscribe|sign up|newsletter|réagir|commenter|leave a comment|comments?$/i;
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
  flattenWrappers($);
  return $.html().trim();
}

const WRAPPERS = 'div, section, article, main, header, footer';

/**
 * Readability nests its output in the page's wrappers: they are unwrapped, so the body is a flat
 * list of blocks as normalize expects; a wrapper holding only inline text becomes a paragraph.
 */
function flattenWrappers($: CheerioAPI): void {
  // Readability turns layout tables into divs and leaves their rows: rows and cells outside a table are wrappers too.
  const strayCells = $('tbody, tr, td, th').filter((_i, el) => $(el).closest('table').length === 0).toArray();
  for (const el of [...$(WRAPPERS).toArray(), ...strayCells] as Element[]) {
    if (!el.parent) continue;
    const node = $(el);
    const empty = node.text().trim() === '';
    if (empty && node.find('img, video, picture').length === 0) node.remove();
    else if (empty || hasBlockChild(el)) node.replaceWith(node.contents());
    else el.name = 'p';
  }
}

function isChromeBlock($: CheerioAPI, el: Element, text: string): boolean {
  if (el.name === 'figcaption' || CAPTION_HINT.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`)) return true;
  if (el.name === 'figure') return !$(el).find('p').toArray().some((p) => $(p).text().length > 200);
  if (['div', 'section', 'span', 'td', 'th'].includes(el.name) && hasBlockChild(el)) return false;
  const stats = textStats(el);
  const linkShare = stats.chars === 0 ? 0 : stats.linkChars / stats.chars;
  if (text.length < SHORT_LINKY && linkShare > 0.5) return true;
  if (text.length < 200 && (CHROME_LINE.test(text) || CAPTION_LINE.test(text) || COPYRIGHT.test(text))) return true;
  if ((el.name === 'ul' || el.name === 'ol') && linkShare > 0.6) return true;
  return false;
}

const BLOCK_NAMES = /^(p|div|ul|ol|dl|li|table|tbody|tr|td|th|h[1-6]|blockquote|pre|figure|section|article|main|nav|header|footer|aside|form)$/;

function hasBlockChild(el: Element): boolean {
  return el.children.some((c) => c.type === 'tag' && BLOCK_NAMES.test(c.name));
}

/** Leading labels (breadcrumbs, byline, date) and trailing ones (bio links, sign-offs of the site). */
function trimEdges($: CheerioAPI, holds: (text: string) => boolean): void {
  const leaves = ($('p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, dd, dt, div, span').toArray() as Element[])
    .filter((el) => !hasBlockChild(el) && $(el).text().trim() !== '');
  const textOf = (el: Element): string => $(el).text().replace(/\s+/g, ' ').trim();
  const isLabel = (el: Element, text: string): boolean => {
    if (detectDateline(text) !== null) return false;
    if (text.length < SHORT_LINKY && BYLINE_OR_STAMP.test(text)) return true;
    return !holds(text) && text.length < SHORT_LABEL && !SENTENCE_END.test(text) && !/^h[2-6]$/.test(el.name);
  };
  // Up to the first real paragraph: a standfirst may come before the byline, and stays.
  for (const el of leaves.slice(0, 4)) {
    const text = textOf(el);
    if (isLabel(el, text)) $(el).remove();
    else if (text.length >= 200 || !BYLINE_OR_STAMP.test(textOf(leaves[leaves.indexOf(el) + 1] ?? el))) break;
  }
  for (const el of [...leaves].reverse()) {
    const text = textOf(el);
    const closing = /^h[1-6]$/.test(el.name) || (text.length < 200 && CLOSING_CHROME.test(text));
    if (!el.parent || !(closing || isLabel(el, text))) break;
    $(el).remove();
  }
  // A bare link between paragraphs ("read also") is a teaser of another page.
  $('a').filter((_i, a) => !!a.parent && (a.parent.type === 'root' || WRAPPER_NAMES.has((a.parent as Element).name))).remove();
}

const WRAPPER_NAMES = new Set(['div', 'section', 'article', 'main']);

export function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}
