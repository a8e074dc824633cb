/**
 * The words the full-text index sees, in JavaScript: what SQLite's FTS5 `unicode61
 * remove_diacritics 2` tokenizer makes of a text, for the backends that have no such tokenizer
 * (PostgreSQL is given these words, space-separated, so both index the same words at the same
 * positions). Letters, digits and private-use characters make words; everything else separates
 * them; case is folded; Latin letters lose their diacritics (other scripts keep theirs, as in
 * unicode61). Combining marks are dropped without splitting the word.
 */

const WORD_CHAR = /[\p{L}\p{N}\p{Co}\p{Mn}\p{Cn}]/u;
const MARKS = /\p{M}/gu;
/** Folded forms FTS5 gives that JavaScript's lower case does not. */
const EXTRA_FOLDS: Record<string, string> = { 'µ': 'μ', 'ſ': 's', 'ς': 'σ', 'ϐ': 'β', 'ϑ': 'θ', 'ϕ': 'φ', 'ϖ': 'π', 'ϰ': 'κ', 'ϱ': 'ρ', 'ϵ': 'ε' };

/** The folded words of a text, in order. */
export function searchTokens(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) {
      current += foldChar(ch);
    } else if (current !== '') {
      tokens.push(current);
      current = '';
    }
  }
  if (current !== '') tokens.push(current);
  return tokens.filter((t) => t !== '');
}

/** The words of a text joined by single spaces: what a backend without unicode61 indexes. */
export function searchText(text: string): string {
  return searchTokens(text).join(' ');
}

function foldChar(ch: string): string {
  const lower = EXTRA_FOLDS[ch] ?? ch.toLowerCase();
  const base = lower.normalize('NFD');
  const stripped = base.replace(MARKS, '');
  // Only Latin letters lose their accents; a bare combining mark leaves nothing.
  if (stripped === '') return '';
  return isLatin(stripped) ? stripped : lower;
}

function isLatin(text: string): boolean {
  const point = text.codePointAt(0) ?? 0;
  return point < 0x250 || (point >= 0x1e00 && point <= 0x1eff);
}
