/**
 * Full-text search on PostgreSQL: the text search configuration, the indexed document and the
 * compiler from wiredesk's query AST (src/curate/query-language.ts) to a tsquery, so that
 * `include.query` and `/search` select the same items as SQLite's FTS5 does.
 *
 * The document is not PostgreSQL's own parse of the raw text (its parser keeps e-mail addresses,
 * URLs, decimals and hyphenated words as extra lexemes, which shifts positions): it is the words
 * FTS5 would index (searchText, query-text.ts), space-separated, the title weighted A and the
 * body B, so `title:` / `body:` become weights and phrases never straddle the two columns.
 * NEAR differs in kind: FTS5 `NEAR(a b, N)` means "at most N words between, in any order",
 * tsquery `a <d> b` means "b exactly d positions after a"; a NEAR group compiles to the OR of
 * every order and every distance it allows, and is refused (QueryError) when that OR would be
 * too large or cannot be written exactly (multi-word phrases sharing a word, or with a prefix).
 */
import { QueryError, type NearNode, type PhraseNode, type QueryColumn, type QueryNode } from '../curate/query-language.js';

/** Text search configuration name (create it with SEARCH_CONFIG_DDL). */
export const SEARCH_CONFIG = 'wiredesk_simple';

/**
 * Idempotent DDL: `simple` (lower case, no stemming, no stop words) behind `unaccent`. Needs the
 * unaccent extension (contrib; Debian's postgresql package ships it). Run once per database.
 */
export const SEARCH_CONFIG_DDL = `
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '${SEARCH_CONFIG}') THEN
    CREATE TEXT SEARCH CONFIGURATION ${SEARCH_CONFIG} (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION ${SEARCH_CONFIG}
      ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
      WITH unaccent, simple;
  END IF;
END $$;`;

/**
 * The SQL expression of an item's search document from two text expressions holding
 * searchText(title) and searchText(contentText) (computed in JavaScript when the row is written):
 * `searchVectorSql('$1', '$2')`. Index it with `USING GIN`.
 */
export function searchVectorSql(titleWords: string, bodyWords: string): string {
  return `setweight(to_tsvector('${SEARCH_CONFIG}', ${titleWords}), 'A') || setweight(to_tsvector('${SEARCH_CONFIG}', ${bodyWords}), 'B')`;
}

/** The SQL condition matching a tsvector column against a tsquery text parameter (toTsquery's output). */
export function searchMatchSql(vectorColumn: string, queryParam: string): string {
  return `${vectorColumn} @@ to_tsquery('${SEARCH_CONFIG}', ${queryParam})`;
}

const WEIGHTS: Record<QueryColumn, string> = { title: 'A', body: 'B' };
/** Alternatives one NEAR group may expand to, per column. */
export const MAX_NEAR_ALTERNATIVES = 256;

/** The tsquery text (for to_tsquery('wiredesk_simple', …)) of a parsed query; throws QueryError when NEAR cannot be written. */
export function toTsquery(node: QueryNode): string {
  switch (node.kind) {
    case 'phrase':
      return inEachColumn(node.column, node.tokens.length > 1, (c) => phraseQuery(node, c));
    case 'near':
      return inEachColumn(node.column, true, (c) => nearQuery(node, c));
    case 'not':
      return `${group(node.left)} & !${group(node.right)}`;
    default:
      return node.children.map(group).join(node.kind === 'and' ? ' & ' : ' | ');
  }
}

function group(node: QueryNode): string {
  return `( ${toTsquery(node)} )`;
}

/** Positional matches must stay inside one column: without a filter, try each column in turn. */
function inEachColumn(column: QueryColumn | null, positional: boolean, compile: (c: QueryColumn | null) => string): string {
  if (column !== null || !positional) return compile(column);
  return `( ${compile('title')} ) | ( ${compile('body')} )`;
}

function lexeme(token: string, prefix: boolean, column: QueryColumn | null): string {
  const quoted = `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  const weight = column === null ? '' : WEIGHTS[column];
  return prefix || weight ? `${quoted}:${prefix ? '*' : ''}${weight}` : quoted;
}

function phraseQuery(phrase: PhraseNode, column: QueryColumn | null): string {
  const last = phrase.tokens.length - 1;
  return phrase.tokens.map((t, i) => lexeme(t, phrase.prefix && i === last, column)).join(' <-> ');
}

/**
 * FTS5 matches a NEAR group when some instance of each phrase lies so that the latest start
 * minus the earliest start is at most N plus the length of the earliest phrase. Each chain of
 * the phrases in one order with gaps `<d>` between them is one way to satisfy it.
 */
function nearQuery(near: NearNode, column: QueryColumn | null): string {
  const phrases = near.phrases;
  if (phrases.length === 1) return phraseQuery(phrases[0] as PhraseNode, column);
  const single = phrases.every((p) => p.tokens.length === 1);
  if (!single && !canChainExactly(phrases)) {
    throw new QueryError('this NEAR group (phrases sharing a word, or a phrase with a prefix) cannot be run on PostgreSQL; use single words or distinct phrases', 0);
  }
  const alternatives: string[] = [];
  for (const order of permutations(phrases.length)) {
    const chain = order.map((i) => phrases[i] as PhraseNode);
    for (const gaps of chainGaps(chain, near.distance, single)) {
      if (alternatives.length >= MAX_NEAR_ALTERNATIVES) {
        throw new QueryError(`this NEAR group expands to more than ${MAX_NEAR_ALTERNATIVES} alternatives on PostgreSQL; use fewer words or a smaller distance`, 0);
      }
      alternatives.push(chain.map((p, i) => `${i === 0 ? '' : ` <${gaps[i - 1]}> `}( ${phraseQuery(p, column)} )`).join(''));
    }
  }
  return [...new Set(alternatives)].map((a) => `( ${a} )`).join(' | ');
}

/** Phrases of several words may only follow one another (never overlap) when they share no word and have no prefix. */
function canChainExactly(phrases: PhraseNode[]): boolean {
  if (phrases.some((p) => p.prefix)) return false;
  const seen = new Set<string>();
  for (const p of phrases) {
    const own = new Set(p.tokens);
    for (const t of own) if (seen.has(t)) return false;
    own.forEach((t) => seen.add(t));
  }
  return true;
}

/**
 * Gaps between consecutive phrases of a chain (end of one to start of the next): at least 1, or
 * 0 for single words that may be one and the same word; the span from the first start to the
 * last start, Σ(length − 1 + gap), at most distance + length of the first phrase.
 */
function* chainGaps(chain: PhraseNode[], distance: number, single: boolean): Generator<number[]> {
  const budget = distance + (chain[0] as PhraseNode).tokens.length;
  function* fill(i: number, used: number, gaps: number[]): Generator<number[]> {
    if (i === chain.length - 1) { yield gaps; return; }
    const here = chain[i] as PhraseNode;
    const next = chain[i + 1] as PhraseNode;
    const min = single && mayCoincide(here, next) ? 0 : 1;
    for (let gap = min; used + here.tokens.length - 1 + gap <= budget; gap++) {
      yield* fill(i + 1, used + here.tokens.length - 1 + gap, [...gaps, gap]);
    }
  }
  yield* fill(0, 0, []);
}

function mayCoincide(a: PhraseNode, b: PhraseNode): boolean {
  const x = a.tokens[0] as string;
  const y = b.tokens[0] as string;
  return x === y || (a.prefix && y.startsWith(x)) || (b.prefix && x.startsWith(y)) || (a.prefix && b.prefix);
}

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}
