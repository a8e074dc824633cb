/**
 * The edges of a partner article body: drops repeated headlines, site names, bare dates and chrome
 * (see boilerplate.ts), and lifts the dateline (see dateline.ts) out of the first paragraph.
 * Works on sanitized HTML; only removes nodes or text, never adds markup.
 */
import type { AnyNode, ParentNode, Text } from 'domhandler';
import { asciiWordChars, isBoilerplate } from './boilerplate.js';
import { detectDateline } from './dateline.js';
import { flattenDeepMarkup } from './flatten-deep.js';
import { descendantsNamed, hasDescendantNamed, parseFragment, removeNode, renderNodes, textOf } from './html-dom.js';
import { BLOCK_TAGS, htmlToText, textLines } from './html-to-text.js';
import { parseDate } from './parse-date.js';

export interface CleanBodyOptions {
  /** The item's title: paragraphs repeating it are dropped. */
  title: string | null;
  /** The site's names (feed title…): a leading paragraph that is just one of them is dropped. */
  siteNames: string[];
  /** Whether to look for a dateline (bodies yes, summaries no). */
  findDateline: boolean;
}

export interface CleanedBody {
  html: string;
  /** The cleaned body as plain text (lines), read from the same DOM: no second parse. */
  text: string;
  dateline: string | null;
  credit: string | null;
}

const WRAPPERS = new Set(['div', 'article', 'section', 'main', 'body', 'html']);
/** A leading line this short that reads as a date is the page's timestamp, not text. */
const MAX_DATE_LINE_CHARS = 80;
/** Inline tags a lifted dateline can leave empty. */
const DATELINE_INLINES: ReadonlySet<string> = new Set(['strong', 'b', 'em', 'i', 'span', 'a', 'u', 'small']);

export function cleanBody(html: string, options: CleanBodyOptions): CleanedBody {
  const root = parseFragment(html);
  flattenDeepMarkup(root);
  const container = findContainer(root);
  const blocks = blockNodes(container);
  // The title and site names are folded once, not once per line compared.
  const titleKey = options.title === null ? '' : normalizeForCompare(options.title);
  const siteKeys = options.siteNames.map(squash).filter((key) => key !== '');
  // A line with more ASCII letters and digits than the folded title has characters cannot fold to it.
  const isRepeat = (line: string): boolean =>
    titleKey !== '' && asciiWordChars(line, titleKey.length) <= titleKey.length && normalizeForCompare(line) === titleKey;
  const isSiteName = (line: string): boolean => siteKeys.length > 0 && siteKeys.includes(squash(line));
  const isLeadingJunk = (line: string): boolean =>
    isRepeat(line) || isBoilerplate(line) || isSiteName(line) || (line.length <= MAX_DATE_LINE_CHARS && parseDate(line) !== null);

  // Each block's lines are read several times below; blocks are only removed, not changed, until the dateline.
  const memo = new Map<AnyNode, string[]>();
  const linesOf = (block: AnyNode): string[] => {
    let lines = memo.get(block);
    if (!lines) memo.set(block, (lines = textLines([block])));
    return lines;
  };
  let kept = blocks.filter((block) => {
    const lines = linesOf(block);
    const drop = lines.length > 0 && lines.every((line) => isRepeat(line) || isBoilerplate(line));
    if (drop) removeBlock(block);
    return !drop;
  });
  kept = trimEdge(kept, (lines) => lines.every(isLeadingJunk), linesOf);
  kept = trimEdge(kept.reverse(), (lines) => lines.every(isBoilerplate), linesOf).reverse();

  let dateline: { dateline: string; credit: string | null } | null = null;
  if (options.findDateline) {
    const first = blocks.length > 0 ? kept.find((block) => linesOf(block).length > 0) : container;
    if (first) dateline = liftDateline(first);
  }
  // Cleaning must never eat a whole body (a teaser whose only line repeats its title).
  const lines = textLines(root.children);
  if (lines.length === 0) return { html: html.trim(), text: htmlToText(html), dateline: null, credit: null };
  return { html: renderNodes(root.children).trim(), text: lines.join('\n'), dateline: dateline?.dateline ?? null, credit: dateline?.credit ?? null };
}

/** Removes junk blocks from the start of `blocks`, stepping over image-only ones. */
function trimEdge(blocks: AnyNode[], isJunk: (lines: string[]) => boolean, linesOf: (block: AnyNode) => string[]): AnyNode[] {
  const kept = [...blocks];
  for (let i = 0; i < kept.length; ) {
    const block = kept[i];
    if (!block) break;
    const lines = linesOf(block);
    if (lines.length === 0) i++;
    else if (isJunk(lines)) {
      removeBlock(block);
      kept.splice(i, 1);
    } else break;
  }
  return kept;
}

/** Removes a block and the line break after it, so removed paragraphs leave no blank runs. */
function removeBlock(block: AnyNode): void {
  const next = block.next;
  if (next?.type === 'text' && next.data.trim() === '') removeNode(next);
  removeNode(block);
}

/** Descends through single wrappers (`<div><article>…</article></div>`) to the paragraphs. */
function findContainer(root: ParentNode): ParentNode {
  let container = root;
  for (;;) {
    const significant = container.children.filter((child) => !(child.type === 'text' && child.data.trim() === ''));
    const only = significant.length === 1 ? significant[0] : undefined;
    if (!only || only.type !== 'tag' || !('children' in only) || !WRAPPERS.has(only.name)) return container;
    container = only;
  }
}

/** The block-level children; none when the body is one run of inline content. */
function blockNodes(container: ParentNode): AnyNode[] {
  const children = container.children.filter((child) => !(child.type === 'text' && child.data.trim() === ''));
  const hasBlocks = children.some((child) => 'name' in child && BLOCK_TAGS.has(child.name));
  return hasBlocks ? children.filter((child) => child.type === 'text' || child.type === 'tag') : [];
}

function liftDateline(block: AnyNode): { dateline: string; credit: string | null } | null {
  const texts = textNodesOf(block);
  const match = detectDateline(texts.map((t) => t.data).join(''));
  if (!match) return null;
  if (match.whole && block.type === 'tag') removeBlock(block);
  else {
    removeLeadingChars(texts, match.length);
    removeEmptyInlines(block);
  }
  return { dateline: match.dateline, credit: match.credit };
}

/** `<p><strong>PARIS (AFP) -</strong> Le…</p>` leaves an empty `<strong>` behind. */
function removeEmptyInlines(block: AnyNode): void {
  const empty = descendantsNamed(block, DATELINE_INLINES).filter((el) => textOf(el).trim() === '' && !hasDescendantNamed(el, 'img'));
  for (const el of empty) removeNode(el);
}

function textNodesOf(node: AnyNode): Text[] {
  if (node.type === 'text') return [node];
  if (!('children' in node)) return [];
  return node.children.flatMap(textNodesOf);
}

/** Cuts `count` characters off the start of a run of text nodes, whatever inline tags hold them. */
function removeLeadingChars(texts: Text[], count: number): void {
  let remaining = count;
  for (const text of texts) {
    if (remaining <= 0) break;
    const cut = Math.min(remaining, text.data.length);
    text.data = text.data.slice(cut);
    remaining -= cut;
  }
  const firstLeft = texts.find((t) => t.data !== '');
  if (firstLeft) firstLeft.data = firstLeft.data.replace(/^\s+/, '');
}

/** Same words, ignoring case, accents of quotes, and punctuation at the ends. */
export function sameText(a: string, b: string): boolean {
  return normalizeForCompare(a) === normalizeForCompare(b) && normalizeForCompare(a) !== '';
}

function normalizeForCompare(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»„]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
}

function squash(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}
