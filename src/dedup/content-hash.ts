/** The exact layer: verbatim copies across sources share this hash of the prepared body tokens. */
import type { NormalizedItem } from '../model/item.js';
import { sha256 } from './identity.js';
import { bodyTokens, prepareText, type PreparedText } from './prepare-text.js';

/** Bodies shorter than this are too generic alone ("Read the full story"); the title joins them. */
const MIN_BODY_TOKENS = 12;

/**
 * Hashes the body without chrome phrases and dateline (so `PARIS (AFP) -` and "Read more" do not
 * hide a verbatim copy). Only fixed rules apply here, never per-source learned ones: the hash of
 * a text must not change as the store grows.
 */
export function contentHash(item: Pick<NormalizedItem, 'title' | 'contentText'>): string {
  return contentHashOfPrepared(prepareText(item));
}

/** The same hash from a text already prepared without options (the story analysis prepares it anyway). */
export function contentHashOfPrepared(prepared: PreparedText): string {
  const body = bodyTokens(prepared);
  const tokens = body.length >= MIN_BODY_TOKENS ? body : [...prepared.titleTokens, '\u0000', ...body];
  return sha256(tokens.join(' ')).slice(0, 32);
}
