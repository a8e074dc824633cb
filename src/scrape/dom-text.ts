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
  // An explicit stack, not recursion: a hostile page can nest deeper than the call stack.
  const stack: Array<{ node: AnyNode; inLink: boolean; inParagraph: boolean }> = [{ node, inLink: false, inParagraph: false }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { node: n, inLink, inParagraph } = top;
    if (n.type === 'text') {
      const chars = n.data.replace(/\s+/g, ' ').trim().length;
      stats.chars += chars;
      if (inLink) stats.linkChars += chars;
      if (inParagraph) stats.paragraphChars += chars;
      continue;
    }
    if (n.type !== 'tag' && n.type !== 'root') continue;
    if (n.type === 'tag' && SKIPPED.has(n.name)) continue;
    const link = inLink || (n.type === 'tag' && n.name === 'a');
    const paragraph = inParagraph || (n.type === 'tag' && n.name === 'p');
    for (let i = n.children.length - 1; i >= 0; i--) {
      const child = n.children[i];
      if (child) stack.push({ node: child, inLink: link, inParagraph: paragraph });
    }
  }
  return stats;
}

/** Share of the text that sits in links: 1 for an empty node or a bare link. */
export function linkDensityOf(node: AnyNode): number {
  if (node.type === 'tag' && node.name === 'a') return 1;
  const { chars, linkChars } = textStats(node);
  return chars === 0 ? 1 : Math.min(linkChars / chars, 1);
}
