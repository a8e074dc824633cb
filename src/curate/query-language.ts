/**
 * wiredesk's full-text query language, parsed once into an AST that each backend compiles
 * (`toFts5` here for SQLite, `toTsquery` in store-pg/search-query.ts for PostgreSQL). It is the
 * FTS5 syntax wiredesk has always accepted, so existing queries keep their meaning on SQLite:
 * words, "phrases", prefix*, AND / OR / NOT (upper case), parentheses, `title:` / `body:` /
 * `{title body}:` / `-title:` column filters and `NEAR(a b, N)`. Precedence, loosest first:
 * OR, AND, NOT, then words written side by side (implicit AND). Extensions over FTS5: a group in
 * parentheses may stand beside other words (`(a OR b) c`), and `-` inside a word separates its
 * parts (`covid-19` is the phrase "covid 19"). Not supported: `^` (first word) and `+`.
 */
import { WiredeskError } from '../model/errors.js';
import { checkQueryShape } from './query-caps.js';
import { searchTokens } from './query-text.js';

export type QueryColumn = 'title' | 'body';

export interface PhraseNode {
  kind: 'phrase';
  /** The phrase as written (without quotes): FTS5 tokenizes it itself. */
  text: string;
  /** Its folded words (query-text.ts), what other backends match. */
  tokens: string[];
  /** The last word is a prefix. */
  prefix: boolean;
  /** Only this column; null: either. */
  column: QueryColumn | null;
}

export interface NearNode {
  kind: 'near';
  phrases: PhraseNode[];
  /** At most this many other words between the phrases (FTS5 NEAR; default 10). */
  distance: number;
  column: QueryColumn | null;
}

export type QueryNode =
  | PhraseNode
  | NearNode
  | { kind: 'and' | 'or'; children: QueryNode[] }
  | { kind: 'not'; left: QueryNode; right: QueryNode };

/** A query that cannot be run: what is wrong, and where (0-based character index). */
export class QueryError extends WiredeskError {
  readonly position: number;
  readonly problem: string;

  constructor(problem: string, position: number) {
    super('CURATE_BAD_QUERY', `query: ${problem} (at character ${position + 1}); see README "Full-text queries"`, { status: 400 });
    this.name = 'QueryError';
    this.problem = problem;
    this.position = position;
  }
}

export const NEAR_DEFAULT_DISTANCE = 10;
const COLUMNS: readonly QueryColumn[] = ['title', 'body'];
type LexKind = 'word' | 'string' | '(' | ')' | '*' | ':' | ',' | '{' | '}' | '-' | 'end';
interface Lexeme { kind: LexKind; text: string; at: number }

const SPECIAL = new Set(['(', ')', '*', ':', ',', '{', '}', '"']);
const REFUSED: Record<string, string> = { '^': 'the first-word marker "^" is not supported', '+': 'the "+" phrase operator is not supported; write "a b" for a phrase' };

function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (/\s/.test(ch)) { i++; continue; }
    const refused = REFUSED[ch];
    if (refused !== undefined) throw new QueryError(refused, i);
    if (ch === '"') { const s = readString(query, i); out.push(s.lexeme); i = s.next; continue; }
    if (SPECIAL.has(ch)) { out.push({ kind: ch as LexKind, text: ch, at: i }); i++; continue; }
    if (ch === '-' && (query[i + 1] === '{' || /^-(title|body)\s*:/.test(query.slice(i)))) { out.push({ kind: '-', text: ch, at: i }); i++; continue; }
    let j = i;
    while (j < query.length && !/\s/.test(query[j] as string) && !SPECIAL.has(query[j] as string) && REFUSED[query[j] as string] === undefined) j++;
    out.push({ kind: 'word', text: query.slice(i, j), at: i });
    i = j;
  }
  out.push({ kind: 'end', text: '', at: query.length });
  return out;
}

function readString(query: string, start: number): { lexeme: Lexeme; next: number } {
  let text = '';
  for (let i = start + 1; i < query.length; i++) {
    if (query[i] !== '"') { text += query[i]; continue; }
    if (query[i + 1] === '"') { text += '"'; i++; continue; }
    return { lexeme: { kind: 'string', text, at: start }, next: i + 1 };
  }
  throw new QueryError('unterminated string', start);
}

export const MAX_QUERY_LENGTH = 500;
/** Parentheses nest at most this deep (the parser recurses). */
export const MAX_QUERY_DEPTH = 16;

/** Parses a query into its AST, or throws a QueryError (CURATE_BAD_QUERY, status 400). */
export function parseQuery(query: string): QueryNode {
  if (query.trim() === '') throw new QueryError('is empty', 0);
  if (query.length > MAX_QUERY_LENGTH) throw new QueryError(`is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  const parser = new Parser(lex(query));
  const node = parser.orExpr(0);
  parser.expectEnd();
  checkQueryShape(node);
  return node;
}

const isOperator = (l: Lexeme, op: string) => l.kind === 'word' && l.text === op;

class Parser {
  private i = 0;
  constructor(private readonly lexemes: Lexeme[]) {}

  private peek(offset = 0): Lexeme { return this.lexemes[Math.min(this.i + offset, this.lexemes.length - 1)] as Lexeme; }
  private next(): Lexeme { const l = this.peek(); this.i++; return l; }
  private fail(l: Lexeme = this.peek()): never {
    throw new QueryError(l.kind === 'end' ? 'syntax error near the end' : `syntax error near "${l.text}"`, l.at);
  }

  expectEnd(): void { if (this.peek().kind !== 'end') this.fail(); }

  orExpr(depth: number): QueryNode {
    return this.chain('or', 'OR', () => this.chain('and', 'AND', () => this.notExpr(depth)));
  }

  private chain(kind: 'and' | 'or', op: string, operand: () => QueryNode): QueryNode {
    const children = [operand()];
    while (isOperator(this.peek(), op)) { this.next(); children.push(operand()); }
    return join(kind, children);
  }

  private notExpr(depth: number): QueryNode {
    let node = this.list(depth);
    while (isOperator(this.peek(), 'NOT')) { this.next(); node = { kind: 'not', left: node, right: this.list(depth) }; }
    return node;
  }

  private list(depth: number): QueryNode {
    const children = [this.unit(depth)];
    while (this.startsUnit()) children.push(this.unit(depth));
    return join('and', children);
  }

  private startsUnit(): boolean {
    const l = this.peek();
    if (l.kind === 'word') return !['AND', 'OR', 'NOT'].includes(l.text);
    return l.kind === 'string' || l.kind === '(' || l.kind === '{' || l.kind === '-';
  }

  private unit(depth: number): QueryNode {
    const column = this.columnFilter();
    if (this.peek().kind === '(') return withColumn(this.group(depth), column, this.peek().at);
    if (this.isNear()) return this.near(column);
    return this.phrase(column);
  }

  private group(depth: number): QueryNode {
    const open = this.next();
    if (depth + 1 > MAX_QUERY_DEPTH) throw new QueryError(`nests parentheses deeper than ${MAX_QUERY_DEPTH}`, open.at);
    const node = this.orExpr(depth + 1);
    if (this.next().kind !== ')') this.fail(this.peek(-1));
    return node;
  }

  /** `title:`, `{title body}:`, `-title:`, `-{title}:` → the one column left, or null for both. */
  private columnFilter(): QueryColumn | null | undefined {
    const start = this.peek();
    const negated = start.kind === '-';
    let names: Lexeme[];
    if (this.peek(negated ? 1 : 0).kind === '{') {
      this.i += negated ? 2 : 1;
      names = [];
      while (this.peek().kind === 'word') names.push(this.next());
      if (this.next().kind !== '}') this.fail(this.peek(-1));
    } else if (this.peek(negated ? 1 : 0).kind === 'word' && this.peek(negated ? 2 : 1).kind === ':') {
      names = [this.peek(negated ? 1 : 0)];
      this.i += negated ? 1 : 0;
      this.next();
    } else {
      return undefined;
    }
    if (this.next().kind !== ':') this.fail(this.peek(-1));
    return resolveColumns(names, negated, start.at);
  }

  private isNear(): boolean {
    return this.peek().kind === 'word' && this.peek().text === 'NEAR' && this.peek(1).kind === '(';
  }

  private near(column: QueryColumn | null | undefined): NearNode {
    this.next();
    this.next();
    const phrases: PhraseNode[] = [];
    while (this.peek().kind === 'word' || this.peek().kind === 'string') phrases.push(this.phrase(undefined));
    let distance = NEAR_DEFAULT_DISTANCE;
    if (this.peek().kind === ',') {
      this.next();
      const n = this.next();
      if (n.kind !== 'word' || !/^[0-9]+$/.test(n.text)) this.fail(n);
      distance = Number(n.text);
    }
    if (phrases.length === 0 || this.next().kind !== ')') this.fail(this.peek(-1));
    return { kind: 'near', phrases, distance, column: column ?? null };
  }

  private phrase(column: QueryColumn | null | undefined): PhraseNode {
    const l = this.next();
    if (l.kind !== 'word' && l.kind !== 'string') this.fail(l);
    if (l.kind === 'word' && ['AND', 'OR', 'NOT'].includes(l.text)) this.fail(l);
    const prefix = this.peek().kind === '*';
    if (prefix) this.next();
    const tokens = searchTokens(l.text);
    if (tokens.length === 0) throw new QueryError(`the phrase "${l.text}" has no words`, l.at);
    return { kind: 'phrase', text: l.text, tokens, prefix, column: column ?? null };
  }
}

function resolveColumns(names: Lexeme[], negated: boolean, at: number): QueryColumn | null {
  for (const name of names) {
    if (!COLUMNS.includes(name.text as QueryColumn)) throw new QueryError(`no such column: ${name.text} (columns are title and body)`, name.at);
  }
  const named = new Set(names.map((n) => n.text as QueryColumn));
  const left = COLUMNS.filter((c) => named.has(c) !== negated);
  if (left.length === 0) throw new QueryError('the column filter leaves no column', at);
  return left.length === COLUMNS.length ? null : (left[0] as QueryColumn);
}

/** Applies an outer column filter to every phrase inside; nested filters must agree. */
function withColumn(node: QueryNode, column: QueryColumn | null | undefined, at: number): QueryNode {
  if (column === undefined || column === null) return node;
  switch (node.kind) {
    case 'phrase':
    case 'near':
      if (node.column !== null && node.column !== column) throw new QueryError('nested column filters leave no column', at);
      return { ...node, column };
    case 'not':
      return { kind: 'not', left: withColumn(node.left, column, at), right: withColumn(node.right, column, at) };
    default:
      return { kind: node.kind, children: node.children.map((c) => withColumn(c, column, at)) };
  }
}

function join(kind: 'and' | 'or', children: QueryNode[]): QueryNode {
  const flat = children.flatMap((c) => (c.kind === kind ? c.children : [c]));
  return flat.length === 1 ? (flat[0] as QueryNode) : { kind, children: flat };
}
