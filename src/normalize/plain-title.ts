/** A title as one line of plain text, whatever markup the feed wrapped it in. */
import { decodeHTMLStrict } from 'entities';
import type { TextValue } from '../model/entry.js';
import { parseFragment } from './html-dom.js';
import { foldWhitespace, textLines } from './html-to-text.js';

/** Titles longer than this are cut: a title is a line, not an article. */
export const MAX_TITLE_CHARS = 1000;

export function plainTitle(text: TextValue | null | undefined): string {
  if (!text) return '';
  const plain = text.type === 'html' ? htmlLine(text.value) : decodeEntities(text.value);
  return foldWhitespace(plain).slice(0, MAX_TITLE_CHARS).trim();
}

function htmlLine(html: string): string {
  return textLines(parseFragment(html.slice(0, 64 * 1024)).children).join(' ');
}

/**
 * Plain-text titles still carry entities when the feed escaped them twice (`&amp;amp;` → `&amp;`),
 * which is common enough that one decoding pass is the better guess. A text title that shows
 * literal tags was escaped once, as text should be: it is taken as written (`&lt;` stays).
 */
function decodeEntities(text: string): string {
  return text.includes('&') && !/<[a-z/!]/i.test(text) ? decodeHTMLStrict(text) : text;
}
