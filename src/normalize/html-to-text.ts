/** HTML → plain text: blocks become lines, entities decoded, whitespace folded per line. */
import type { AnyNode } from 'domhandler';
import { flattenDeepMarkup } from './flatten-deep.js';
import { parseFragment } from './html-dom.js';

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
  const root = parseFragment(html);
  flattenDeepMarkup(root);
  return textLines(root.children).join('\n');
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

/** Controls a source may send (C0 but tab and newlines, DEL, C1): never text. */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Stored as UTF-8, a lone surrogate would read back as three U+FFFD: make it one now. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text fit to show: controls dropped, each lone surrogate one U+FFFD. */
export function printable(text: string): string {
  return text.replace(CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Any character printable() or the BOM rule would change: most lines have none, and skip those passes. */
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFEFF]/;

/** Whitespace that folding changes: a run, or any space but U+0020 (most lines have none, and keep their string). */
const FOLDABLE = /\s{2}|[^\S ]/;

export function foldWhitespace(text: string): string {
  const visible = UNPRINTABLE.test(text) ? printable(text).replace(INVISIBLE, '') : text;
  return (FOLDABLE.test(visible) ? visible.replace(/\s+/g, ' ') : visible).trim();
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
