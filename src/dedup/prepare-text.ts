/**
 * Text preparation shared by the exact layer and the near-duplicate layer. Pure.
 *   - lines of the body: site chrome (known phrases per language, or lines a source repeats under
 *     many stories) dropped, a leading dateline (`PARIS (AFP) -`, `Paris / La Gazette`) stripped;
 *   - folding: NFKC, typographic quotes, guillemets, dashes and ligatures mapped, case and accents
 *     folded, then tokens of letters and digits;
 *   - sentences kept apart (the teaser index and the background discount work on them).
 * The title is prepared separately from the body and never mixed into its shingles.
 */
import { isBoilerplate } from '../normalize/boilerplate.js';
import { detectDateline } from '../normalize/dateline.js';
import { parseDate } from '../normalize/parse-date.js';
import { hashJoined32 } from './hashing.js';

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i', ĳ: 'ij' };
const LIGATURE_RE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');
/** Typographic marks that NFKC leaves alone: quotes, guillemets, primes and dashes. */
const MARKS: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '«': '"', '»': '"', '‹': "'", '›': "'", '″': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
};
const MARK_RE = new RegExp(`[${Object.keys(MARKS).join('')}]`, 'g');
const WORD_CHAR_RE = /^[\p{L}\p{N}]$/u;
/** A sentence ends at . ! ? or … (optionally closed by a quote) before a capital, digit or quote. */
export const SENTENCE_END_RE = /(?<=[.!?…]["'»”)]?)\s+(?=["'«“(]?[\p{Lu}\p{N}])/u;
/** Lines a source repeats are only chrome when short; long ones are text (see source-lines). */
export const MAX_CHROME_LINE_CHARS = 240;

/** Any character but printable ASCII: such text needs the full fold (NFKC, marks, ligatures, accents). */
const NOT_ASCII_RE = /[^\x00-\x7f]/;

export function foldText(text: string): string {
  // ASCII is left alone by NFKC and NFD and has no ligature or mark; of MARKS only the backtick.
  if (!NOT_ASCII_RE.test(text)) return text.includes('`') ? text.toLowerCase().replace(/`/g, "'") : text.toLowerCase();
  return foldTextFully(text);
}

/** The fold for any text: what foldText's ASCII shortcut is tested against. */
export function foldTextFully(text: string): string {
  return text
    .normalize('NFKC')
    .replace(MARK_RE, (ch) => MARKS[ch] ?? ch)
    .toLowerCase()
    .replace(LIGATURE_RE, (ch) => LIGATURES[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/** Tokens of letters and digits; a char loop with an ASCII fast path (3× a /[\p{L}\p{N}]+/gu match). */
export function tokenize(text: string): string[] {
  const folded = foldText(text);
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    let word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    let width = 1;
    if (!word && c > 127) {
      const point = folded.codePointAt(i) ?? c;
      width = point > 0xffff ? 2 : 1;
      word = WORD_CHAR_RE.test(String.fromCodePoint(point));
    }
    if (word && start < 0) start = i;
    if (!word && start >= 0) {
      tokens.push(folded.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) tokens.push(folded.slice(start));
  return tokens;
}

export interface PreparedSentence {
  tokens: string[];
  /** Index of the paragraph it belongs to, in kept-paragraph order. */
  paragraph: number;
}

export interface PreparedText {
  titleTokens: string[];
  /** Folded tokens of each kept paragraph, in order. */
  paragraphs: string[][];
  sentences: PreparedSentence[];
  /** Lines dropped as chrome (for tests and operators). */
  dropped: string[];
  /** lineKey of every short line of the raw body, chrome included (to learn a source's chrome). */
  lineKeys: number[];
}

export interface PrepareOptions {
  /** True for a line this source repeats under many stories (see lineKey). */
  isRepeatedLine?: (key: number) => boolean;
}

/** Before the first real paragraph, lines this short are page furniture (site name, date, kicker). */
const MAX_LEADING_FURNITURE_TOKENS = 5;

export function prepareText(input: { title: string; contentText: string }, options: PrepareOptions = {}): PreparedText {
  const out: PreparedText = { titleTokens: tokenize(input.title), paragraphs: [], sentences: [], dropped: [], lineKeys: [] };
  for (const raw of input.contentText.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '') continue;
    let sentences = splitSentences(line);
    let tokens = flatten(sentences);
    const key = keyOfTokens(line, tokens);
    if (key !== 0) out.lineKeys.push(key);
    const isChrome = isBoilerplate(line) || (key !== 0 && options.isRepeatedLine?.(key) === true);
    if (isChrome || isTitle(tokens, out.titleTokens)) {
      out.dropped.push(line);
      continue;
    }
    if (out.paragraphs.length === 0) {
      const rest = stripDateline(line, out.dropped);
      if (rest === null || isLeadingFurniture(rest)) {
        if (rest !== null) out.dropped.push(rest);
        continue;
      }
      if (rest !== line) tokens = flatten((sentences = splitSentences((line = rest))));
    }
    const paragraph = out.paragraphs.length;
    if (tokens.length === 0) continue;
    out.paragraphs.push(tokens);
    for (const sentence of sentences) if (sentence.length > 0) out.sentences.push({ tokens: sentence, paragraph });
  }
  return out;
}

/** Whether the tokens join to the same string as a non-empty title's (tokens never hold a space). */
function isTitle(tokens: string[], titleTokens: string[]): boolean {
  if (titleTokens.length === 0 || tokens.length !== titleTokens.length) return false;
  for (let i = 0; i < tokens.length; i++) if (tokens[i] !== titleTokens[i]) return false;
  return true;
}

/** The sentences' tokens in one array (a plain loop: Array.flat costs more on these short arrays). */
function flatten(sentences: string[][]): string[] {
  if (sentences.length === 1) return (sentences[0] ?? []).slice();
  const out: string[] = [];
  for (const sentence of sentences) for (const token of sentence) out.push(token);
  return out;
}

/** Where SENTENCE_END_RE can match at all: an end mark, maybe a closing quote, then a space (a cheap scan). */
const MAYBE_SENTENCE_END_RE = /[.!?…]["'»”)]?\s/u;

/** The folded tokens of each sentence of a line (one fold per sentence, none twice). */
export function splitSentences(line: string): string[][] {
  // Most lines are one sentence: no end mark before a space, nothing for the look-behind split to find.
  return MAYBE_SENTENCE_END_RE.test(line) ? line.split(SENTENCE_END_RE).map(tokenize) : [tokenize(line)];
}

function isLeadingFurniture(line: string): boolean {
  if (line.length <= 80 && parseDate(line) !== null) return true;
  return tokenize(line).length <= MAX_LEADING_FURNITURE_TOKENS && !/[.!?…]["'»”]?$/u.test(line);
}

/** The line without its leading dateline; null when the whole line is one (`Paris / La Gazette`). */
function stripDateline(line: string, dropped: string[]): string | null {
  const dateline = detectDateline(line);
  if (!dateline) return line;
  if (dateline.whole) {
    dropped.push(line);
    return null;
  }
  dropped.push(line.slice(0, dateline.length).trim());
  const rest = line.slice(dateline.length).trim();
  return rest === '' ? null : rest;
}

/** The key of a line for "repeated by this source": its folded tokens, hashed; 0 for long lines. */
export function lineKey(line: string): number {
  // A long line has no key: not worth folding (chromeOf asks for every line of every item).
  return line.length > MAX_CHROME_LINE_CHARS ? 0 : keyOfTokens(line, tokenize(line));
}

function keyOfTokens(line: string, tokens: string[]): number {
  if (line.length > MAX_CHROME_LINE_CHARS || tokens.length === 0) return 0;
  return hashJoined32(tokens) || 1;
}

/** Every body token in order (the exact layer hashes this stream). */
export function bodyTokens(prepared: PreparedText): string[] {
  return flatten(prepared.paragraphs);
}
