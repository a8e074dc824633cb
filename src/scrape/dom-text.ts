/**
 * Text measures over the DOM without cheerio wrappers: scoring touches every candidate container,
 * and a wrapper object per call made a 100 KB page take a second.
 */
import type { AnyNode } from 'domhandler';

export interface TextStats {
  /** Characters of text, whitespace runs counted once. */
  chars: number;
  /** Of those, inside `<a>` elements. */
  linkChars: number;
  /** Characters inside `<p>` elements. */
  paragraphChars: number;
}

const SKIPPED = new Set(['script', 'style', 'noscript', 'template']);

export function textStats(node: AnyNode): TextStats {
  const stats: TextStats = { chars: 0, linkChars: 0, paragraphChars: 0 };
  walk(node, false, false, stats);
  return stats;
}

function walk(node: AnyNode, inLink: boolean, inParagraph: boolean, stats: TextStats): void {
  if (node.type === 'text') {
    const n = node.data.replace(/\s+/g, ' ').trim().length;
    stats.chars += n;
    if (inLink) stats.linkChars += n;
    if (inParagraph) stats.paragraphChars += n;
    return;
  }
  if (node.type !== 'tag' && node.type !== 'root') return;
  if (node.type === 'tag' && SKIPPED.has(node.name)) return;
  const link = inLink || (node.type === 'tag' && node.name === 'a');
  const paragraph = inParagraph || (node.type === 'tag' && node.name === 'p');
  for (const child of node.children) walk(child, link, paragraph, stats);
}

/** Share of the text that sits in links: 1 for an empty node or a bare link. */
export function linkDensityOf(node: AnyNode): number {
  if (node.type === 'tag' && node.name === 'a') return 1;
  const { chars, linkChars } = textStats(node);
  return chars === 0 ? 1 : Math.min(linkChars / chars, 1);
}
