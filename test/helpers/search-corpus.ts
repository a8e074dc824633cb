/**
 * Generated documents and queries for the full-text property tests: a small vocabulary (so words
 * meet often) with accents, capitals, hyphens and apostrophes, and random queries in wiredesk's
 * language over it (words, phrases, prefixes, column filters, AND/OR/NOT, groups, NEAR).
 */

const WORDS = ['iran', 'Iran', 'sanctions', 'sanction', 'sanctioned', 'été', 'ETE', 'café', 'cafe', 'Kenya', 'floods', 'g7', 'capri', 'covid-19', "l'info", 'Paris', 'paris', 'naïve', 'budget', 'rain'];
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', ' - ', ' « ', ' » ', '; ', ' (', ') '];
const QUERY_WORDS = ['iran', 'IRAN', 'sanctions', 'sanction', 'ete', 'été', 'cafe', 'kenya', 'floods', 'g7', 'capri', 'covid', '19', 'info', 'paris', 'naive', 'budget', 'rain', 'absent'];
const PREFIXES = ['sanc', 'sanction', 'cap', 'flo', 'ira', 'caf', 'par', 'bud', 'nai', 'zzz'];

export type Random = (n: number) => number;

/** A seeded linear congruential generator: the same seed gives the same corpus and queries. */
export function seeded(seed: number): Random {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}

function pick<T>(rnd: Random, list: readonly T[]): T {
  return list[rnd(list.length)] as T;
}

function text(rnd: Random, words: number): string {
  let out = pick(rnd, WORDS);
  for (let i = 1; i < words; i++) out += pick(rnd, SEPARATORS) + pick(rnd, WORDS);
  return out;
}

export function generateDocs(rnd: Random, count: number): Array<{ id: number; title: string; body: string }> {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, title: text(rnd, 2 + rnd(5)), body: text(rnd, 4 + rnd(16)) }));
}

function phrase(rnd: Random): string {
  const roll = rnd(10);
  if (roll < 4) return pick(rnd, QUERY_WORDS);
  if (roll < 6) return `${pick(rnd, PREFIXES)}*`;
  const words = Array.from({ length: 2 + rnd(2) }, () => pick(rnd, QUERY_WORDS)).join(' ');
  return roll < 9 ? `"${words}"` : `"${words} ${pick(rnd, PREFIXES)}"*`;
}

function near(rnd: Random): string {
  const single = rnd(3) > 0;
  const parts = Array.from({ length: 2 + rnd(single ? 2 : 1) }, () => (single ? pick(rnd, QUERY_WORDS) : `"${pick(rnd, QUERY_WORDS)} ${pick(rnd, QUERY_WORDS)}"`));
  return `NEAR(${parts.join(' ')}${rnd(3) === 0 ? '' : `, ${rnd(6)}`})`;
}

function unit(rnd: Random, depth: number, nears: { n: number }): string {
  const roll = rnd(12);
  if (roll === 0 && nears.n < 2) {
    nears.n++;
    return `${rnd(3) === 0 ? pick(rnd, ['title:', 'body:']) : ''}${near(rnd)}`;
  }
  if (roll === 1 && depth < 3) return `${rnd(2) === 0 ? pick(rnd, ['title:', '-title:', '{body}:']) : ''}(${expr(rnd, depth + 1, nears)})`;
  return `${rnd(5) === 0 ? pick(rnd, ['title:', 'body:']) : ''}${phrase(rnd)}`;
}

function expr(rnd: Random, depth: number, nears: { n: number }): string {
  let out = unit(rnd, depth, nears);
  for (let i = rnd(depth === 0 ? 4 : 3); i > 0; i--) out += ` ${pick(rnd, ['AND ', 'OR ', 'NOT ', ''])}${unit(rnd, depth, nears)}`;
  return out;
}

/** A random query, within the caps (at most 2 NEAR groups, prefixes of 3+ letters, few terms). */
export function generateQuery(rnd: Random): string {
  return expr(rnd, 0, { n: 0 });
}
