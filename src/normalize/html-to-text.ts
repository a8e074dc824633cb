/** HTML → plain text: blocks become lines, entities decoded, whitespace folded per line. */
import { load } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';

/** Elements that start a new line in the text. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'figure', 'figcaption',
  'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'address', 'details', 'summary',
  'form', 'fieldset', 'center',
]);
const SKIPPED_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'svg', 'math']);
const CELL_TAGS: ReadonlySet<string> = new Set(['td', 'th']);
/**
 * A BOM inside text is an artifact of files pasted together, never meant. Other invisible
 * characters are kept: soft hyphens and zero-width spaces mark where long words and Thai or
 * Khmer text may break, zero-width (non-)joiners shape emoji sequences and Persian or Indic words.
 */
const INVISIBLE = /\uFEFF/g;

/** The cheerio options every normalize module uses: htmlparser2, entities decoded, UTF-8 output. */
export const HTML_FRAGMENT_OPTIONS = { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' } } as const;

export function htmlToText(html: string): string {
  if (!html) return '';
  const $ = load(html, HTML_FRAGMENT_OPTIONS, false);
  return textLines($.root().contents().toArray()).join('\n');
}

/** The non-empty, whitespace-folded lines of these nodes. */
export function textLines(nodes: AnyNode[]): string[] {
  const chunks: string[] = [];
  for (const node of nodes) collectText(node, chunks);
  return chunks
    .join('')
    .split('\n')
    .map(foldWhitespace)
    .filter((line) => line !== '');
}

export function foldWhitespace(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

function collectText(node: AnyNode, chunks: string[], preformatted = false): void {
  if (node.type === 'text') {
    chunks.push(preformatted ? node.data : node.data.replace(/\n/g, ' '));
    return;
  }
  if (!('name' in node) || !('children' in node)) return;
  const name = node.name.toLowerCase();
  if (SKIPPED_TAGS.has(name)) return;
  if (name === 'br') {
    chunks.push('\n');
    return;
  }
  const isBlock = BLOCK_TAGS.has(name);
  if (isBlock) chunks.push('\n');
  for (const child of node.children) collectText(child, chunks, preformatted || name === 'pre');
  if (isBlock) chunks.push('\n');
  else if (CELL_TAGS.has(name)) chunks.push(' ');
}
