/**
 * A query AST back to text. The text is both our own language (parse∘print is the identity)
 * and an FTS5 MATCH expression with the same meaning, so it is what SQLite runs: every operator
 * explicit, every group parenthesized, every phrase quoted.
 */
import type { NearNode, PhraseNode, QueryNode } from './query-language.js';

export function printQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'phrase':
      return `${columnPrefix(node)}${quotePhrase(node)}`;
    case 'near':
      return `${columnPrefix(node)}NEAR(${node.phrases.map(quotePhrase).join(' ')}, ${node.distance})`;
    case 'not':
      return `${operand(node.left)} NOT ${operand(node.right)}`;
    default:
      return node.children.map(operand).join(node.kind === 'and' ? ' AND ' : ' OR ');
  }
}

/** The FTS5 MATCH string of a parsed query (SQLite's items_fts, columns title and body). */
export const toFts5 = printQuery;

function operand(node: QueryNode): string {
  return node.kind === 'phrase' || node.kind === 'near' ? printQuery(node) : `(${printQuery(node)})`;
}

function quotePhrase(phrase: PhraseNode): string {
  return `"${phrase.text.replaceAll('"', '""')}"${phrase.prefix ? '*' : ''}`;
}

function columnPrefix(node: PhraseNode | NearNode): string {
  return node.column === null ? '' : `${node.column}:`;
}
