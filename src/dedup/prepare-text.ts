/**
 * Text folding shared by the exact layer (and later the near-duplicate layer): NFKC, typographic
 * marks and ligatures mapped, case and accents folded, then tokens of letters and digits.
 */

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };
const LIGATURE_RE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');
const TOKEN_RE = /[\p{L}\p{N}]+/gu;

export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(LIGATURE_RE, (ch) => LIGATURES[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

export function tokenize(text: string): string[] {
  return foldText(text).match(TOKEN_RE) ?? [];
}
