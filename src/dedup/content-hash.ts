/** The exact layer: verbatim copies across sources share this hash of the folded body tokens. */
import type { NormalizedItem } from '../model/item.js';
import { sha256 } from './identity.js';
import { tokenize } from './prepare-text.js';

/** Bodies shorter than this are too generic alone ("Read the full story"); the title joins them. */
const MIN_BODY_TOKENS = 12;

export function contentHash(item: Pick<NormalizedItem, 'title' | 'contentText'>): string {
  const body = tokenize(item.contentText);
  const tokens = body.length >= MIN_BODY_TOKENS ? body : [...tokenize(item.title), '\u0000', ...body];
  return sha256(tokens.join(' ')).slice(0, 32);
}
