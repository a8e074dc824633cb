/**
 * What makes a full-text query expensive, refused before it runs: on 20,000 items
 * `NEAR(k* r* m* …, 9)` (500 characters) took 10 s of one thread; within these caps, well under 1 s.
 */
import type { QueryNode } from './query-language.js';
import { QueryError } from './query-language.js';

/** Each `word*` reads the index of every word it starts; a short one reads nearly all of it. */
export const MAX_PREFIX_TERMS = 8;
export const MIN_PREFIX_CHARS = 3;
/** NEAR checks every combination of its terms' positions: its cost grows with their number. */
export const MAX_NEAR_GROUPS = 2;
export const MAX_NEAR_TERMS = 8;
export const MAX_NEAR_DISTANCE = 50;
/** Words in the whole query (each one is an index lookup). */
export const MAX_QUERY_TERMS = 32;

interface Shape { prefixes: string[]; nearGroups: number; terms: number }

/** Throws a QueryError when the parsed query is over one of the caps. */
export function checkQueryShape(node: QueryNode): void {
  const shape: Shape = { prefixes: [], nearGroups: 0, terms: 0 };
  measure(node, shape);
  if (shape.prefixes.length > MAX_PREFIX_TERMS) fail(`has ${shape.prefixes.length} prefix terms (at most ${MAX_PREFIX_TERMS})`);
  const short = shape.prefixes.find((p) => [...p].length < MIN_PREFIX_CHARS);
  if (short !== undefined) fail(`has the prefix term "${short}*" (a prefix needs at least ${MIN_PREFIX_CHARS} letters)`);
  if (shape.nearGroups > MAX_NEAR_GROUPS) fail(`has ${shape.nearGroups} NEAR groups (at most ${MAX_NEAR_GROUPS})`);
  if (shape.terms > MAX_QUERY_TERMS) fail(`has ${shape.terms} words (at most ${MAX_QUERY_TERMS})`);
}

function measure(node: QueryNode, shape: Shape): void {
  switch (node.kind) {
    case 'phrase':
      shape.terms += node.tokens.length;
      if (node.prefix) shape.prefixes.push(node.tokens[node.tokens.length - 1] ?? '');
      return;
    case 'near': {
      shape.nearGroups++;
      const terms = node.phrases.reduce((n, p) => n + p.tokens.length, 0);
      if (terms > MAX_NEAR_TERMS) fail(`has a NEAR group of ${terms} terms (at most ${MAX_NEAR_TERMS})`);
      if (node.distance > MAX_NEAR_DISTANCE) fail(`has a NEAR distance of ${node.distance} (at most ${MAX_NEAR_DISTANCE})`);
      node.phrases.forEach((p) => measure(p, shape));
      return;
    }
    case 'not':
      measure(node.left, shape);
      measure(node.right, shape);
      return;
    default:
      node.children.forEach((c) => measure(c, shape));
  }
}

/** Shape problems concern the whole query: they are reported at its start. */
function fail(problem: string): never {
  throw new QueryError(problem, 0);
}
