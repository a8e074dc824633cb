/** Keyword rules: whole words or "quoted phrases", case- and accent-insensitive. */
import { tokenize } from '../dedup/prepare-text.js';

export type KeywordMatcher = (tokens: string[]) => boolean;

/** Compiles keywords to one matcher that is true when any keyword occurs; null when there are none. */
export function compileKeywords(keywords: string[]): KeywordMatcher | null {
  const phrases = keywords.map((k) => tokenize(k.replace(/^"(.*)"$/, '$1'))).filter((p) => p.length > 0);
  if (phrases.length === 0) return null;
  return (tokens) => phrases.some((phrase) => containsPhrase(tokens, phrase));
}

function containsPhrase(tokens: string[], phrase: string[]): boolean {
  const first = phrase[0];
  for (let i = tokens.indexOf(first as string); i !== -1 && i <= tokens.length - phrase.length; i = tokens.indexOf(first as string, i + 1)) {
    if (phrase.every((word, j) => tokens[i + j] === word)) return true;
  }
  return false;
}
