/**
 * ALL-CAPS partner headlines → sentence case. Which words are proper nouns is learned from the
 * body: a word keeps the form it has there mid-sentence ("Karabakh", "ONU"), others go lowercase.
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Characters skipped when looking back for a sentence start: spaces and opening quotes. */
const OPENERS = /[\s"«“‘'(\[—–-]/u;

/** At least 80% of the letters are capitals, and there are enough letters to judge. */
export function isMostlyUpperCase(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 4) return false;
  const upper = letters.filter((letter) => /\p{Lu}/u.test(letter)).length;
  return upper / letters.length >= 0.8;
}

export function titleCaseSentence(title: string, bodyText: string): string {
  const forms = bodyForms(bodyText.normalize('NFC'));
  let first = true;
  return title.normalize('NFC').replace(WORD, (word) => {
    const lower = word.toLocaleLowerCase();
    const known = forms.get(lower);
    // Words the body never shows mid-sentence: lowercase, unless they carry digits ("G7", "F-16").
    let form = known ?? (/\p{N}/u.test(word) ? word : lower);
    if (first) form = form.charAt(0).toLocaleUpperCase() + form.slice(1);
    first = false;
    return form;
  });
}

/**
 * The most frequent spelling of each word of the body, counted only where case carries meaning:
 * not at the start of a sentence, a line, or a quotation, and not in lines written in capitals
 * (repeated headlines, kickers).
 */
function bodyForms(body: string): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const line of body.split('\n')) {
    if (isMostlyUpperCase(line)) continue;
    for (const match of line.matchAll(WORD)) {
      if (isSentenceStart(line, match.index)) continue;
      const lower = match[0].toLocaleLowerCase();
      const spellings = counts.get(lower) ?? new Map<string, number>();
      spellings.set(match[0], (spellings.get(match[0]) ?? 0) + 1);
      counts.set(lower, spellings);
    }
  }
  const forms = new Map<string, string>();
  for (const [lower, spellings] of counts) {
    const best = [...spellings.entries()].sort((a, b) => b[1] - a[1] || preferLower(a[0], b[0]))[0];
    if (best) forms.set(lower, best[0]);
  }
  return forms;
}

/** On a tie, the lowercase spelling wins: a capital needs evidence. */
function preferLower(a: string, b: string): number {
  return a === a.toLocaleLowerCase() ? -1 : b === b.toLocaleLowerCase() ? 1 : 0;
}

function isSentenceStart(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && OPENERS.test(text[i] ?? '')) {
    if (text[i] === '\n') return true;
    // An elision ("l'Azerbaïdjan") is inside a sentence: the apostrophe follows a letter.
    if ((text[i] === "'" || text[i] === '’') && /\p{L}/u.test(text[i - 1] ?? '')) return false;
    i--;
  }
  return i < 0 || /[.!?…:]/.test(text[i] ?? '');
}
