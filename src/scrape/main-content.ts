/**
 * The article body when no selector names it: a readability-like score. Paragraph text counts for
 * its parent and, half, its grandparent; commas and length add; link-heavy containers lose; class
 * and id names hint both ways. The best container's paragraphs are the body.
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { linkDensityOf } from './dom-text.js';

const PARAGRAPHS = 'p, pre, blockquote, li, td, h2, h3, h4';
const POSITIVE = /article|body|content|entry|main|page|post|story|text|corps|contenu|chapo|paragraph/i;
const NEGATIVE = /comment|meta|footer|footnote|masthead|media|promo|related|scroll|share|shoutbox|sidebar|sponsor|widget|teaser|card|list|caption|credit/i;
/** Paragraphs shorter than this are captions, labels or buttons. */
const MIN_PARAGRAPH_CHARS = 25;
const BLOCK_CHILDREN = new Set(['p', 'div', 'section', 'article', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'figure', 'header', 'footer', 'aside', 'nav', 'form']);
const BODY_BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'pre', 'figure', 'table', 'dl']);

export interface MainContent {
  html: string;
  paragraphs: number;
  textChars: number;
}

export function findMainContent($: CheerioAPI): MainContent | null {
  const scores = new Map<Element, number>();
  const textDivs = $('div').filter((_i, el) => isTextBlock(el as Element));
  $(PARAGRAPHS).add(textDivs).each((_i, el) => {
    const text = $(el).text().replace(/\s+/g, ' ').trim();
    if (text.length < MIN_PARAGRAPH_CHARS) return;
    const score = 1 + (text.match(/[,،、，]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    const parent = (el as Element).parent;
    if (parent?.type !== 'tag' || isTeaser(parent)) return;
    add(scores, parent, score);
    const grand = parent.parent;
    if (grand?.type === 'tag') add(scores, grand, score / 2);
  });
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, raw] of scores) {
    const score = (raw + classWeight(el)) * (1 - linkDensity($, $(el)));
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  return best ? collectBody($, best) : null;
}

/** A `div` used as a paragraph (some CMSs never write `<p>`): text and inline markup only. */
function isTextBlock(el: Element): boolean {
  let chars = 0;
  for (const child of el.children) {
    if (child.type === 'tag' && (BLOCK_CHILDREN.has(child.name) || child.name === 'img' && el.children.length === 1)) return false;
    if (child.type === 'text') chars += child.data.trim().length;
  }
  return chars >= MIN_PARAGRAPH_CHARS;
}

/** A paragraph beside a linked heading, or in a box named card/teaser/related, is a teaser of another page. */
function isTeaser(parent: Element): boolean {
  if (NEGATIVE.test(`${parent.attribs.class ?? ''} ${parent.attribs.id ?? ''}`)) return true;
  return parent.children.some((c) => c.type === 'tag' && /^h[2-6]$/.test(c.name) && c.children.some((g) => g.type === 'tag' && g.name === 'a'));
}

function add(scores: Map<Element, number>, el: Element, score: number): void {
  if (!scores.has(el)) scores.set(el, initialScore(el));
  scores.set(el, (scores.get(el) ?? 0) + score);
}

function initialScore(el: Element): number {
  if (el.name === 'article') return 10;
  if (el.name === 'div' || el.name === 'section' || el.name === 'main') return 5;
  if (['ol', 'ul', 'li', 'td', 'form', 'dl'].includes(el.name)) return -3;
  return 0;
}

function classWeight(el: Element): number {
  const hint = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''} ${el.attribs.itemprop ?? ''}`;
  let weight = 0;
  if (POSITIVE.test(hint)) weight += 25;
  if (NEGATIVE.test(hint)) weight -= 25;
  return weight;
}

export function linkDensity(_$: CheerioAPI, node: Cheerio<AnyNode>): number {
  const el = node.get(0);
  return el ? linkDensityOf(el) : 1;
}

/** The container's block children, minus link lists and empty blocks; inline runs kept as they are. */
function collectBody($: CheerioAPI, container: Element): MainContent {
  if (isTextBlock(container)) {
    const text = $(container).text().replace(/\s+/g, ' ').trim();
    const html = toParagraphs($(container).html() ?? '');
    return { html, paragraphs: html.split('<p>').length - 1, textChars: text.length };
  }
  const kept: string[] = [];
  let paragraphs = 0;
  let textChars = 0;
  for (const child of flattenWrappers(container)) {
    const node = $(child);
    const text = node.text().replace(/\s+/g, ' ').trim();
    if (isNotBody($, child, text, kept.length === 0)) continue;
    const asParagraph = child.type === 'tag' && child.name === 'div' && isTextBlock(child);
    kept.push(asParagraph ? toParagraphs(node.html() ?? '') : ($.html(child) ?? ''));
    if ((asParagraph || (child.type === 'tag' && child.name === 'p')) && text.length >= MIN_PARAGRAPH_CHARS) paragraphs += 1;
    textChars += text.length;
  }
  return { html: kept.join('\n'), paragraphs, textChars };
}

/** Text written with `<br><br>` between paragraphs (older CMSs) → one `<p>` per paragraph. */
function toParagraphs(inner: string): string {
  return inner.split(/(?:\s*<br\s*\/?>\s*){2,}/i).map((part) => part.trim()).filter(Boolean).map((part) => `<p>${part}</p>`).join('\n');
}

/** Parts of an article container that are not its text. */
const NOT_BODY_TAGS = new Set(['h1', 'header', 'footer', 'nav', 'aside', 'form', 'button']);
const BYLINE = /^(by|par|von|por|di|door)\s+\p{Lu}/iu;

function isNotBody($: CheerioAPI, child: AnyNode, text: string, isFirst: boolean): boolean {
  if (text === '' && $(child).find('img').length === 0) return true;
  // The headline, the article's own header (headline, date, byline) and footer are read on their own.
  if (child.type === 'tag' && NOT_BODY_TAGS.has(child.name)) return true;
  if (isFirst && text.length < 100 && BYLINE.test(text)) return true;
  return text.length > 0 && text.length < 200 && linkDensity($, $(child)) > 0.5;
}

/** Steps into wrappers (children that hold block elements), so the body is a flat list of blocks. */
function flattenWrappers(container: Element): AnyNode[] {
  const out: AnyNode[] = [];
  // Depth first, in document order, with an explicit stack rather than recursion.
  const stack: AnyNode[] = [...container.children].reverse();
  for (let child = stack.pop(); child; child = stack.pop()) {
    if (child.type === 'text') {
      if (child.data.trim() !== '') out.push(child);
      continue;
    }
    if (child.type !== 'tag') continue;
    const isWrapper = child.children.some((c) => c.type === 'tag' && BLOCK_CHILDREN.has(c.name));
    if (BODY_BLOCKS.has(child.name) || !isWrapper) out.push(child);
    else for (let i = child.children.length - 1; i >= 0; i--) stack.push(child.children[i] as AnyNode);
  }
  return out;
}
