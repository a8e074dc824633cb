/**
 * Reads the start of an XML-ish document without a parser: the prolog (declaration, comments,
 * processing instructions, DOCTYPE) and the root start tag. Used to detect the format by content
 * and to cut hostile DTDs before the real parser sees them.
 */

export interface RootTag {
  /** The qualified name as written, e.g. `rss`, `rdf:RDF`, `feed`. */
  name: string;
  /** The name without its prefix. */
  localName: string;
  attrs: Record<string, string>;
  /** Offset of `<` of the root start tag. */
  start: number;
  /** Offset just after the `>` of the root start tag. */
  end: number;
}

export interface Prolog {
  root: RootTag | null;
  /** The DOCTYPE name (`html`, `rss`, …) when the prolog has one. */
  doctypeName: string | null;
  /** [start, end) of the DOCTYPE declaration, internal subset included. */
  doctypeRange: [number, number] | null;
}

const BOM_AND_SPACE = /^[\uFEFF\s]+/;
// The start tag of the root: name, then attributes up to the first `>` outside quotes.
const START_TAG = /^<([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/;
const ATTRIBUTE = /([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Only the first bytes are scanned: a prolog longer than this is not a feed worth reading. */
const MAX_PROLOG_CHARS = 64 * 1024;

/** Drops a byte-order mark and any whitespace before the first markup. */
export function stripLeadingNoise(text: string): string {
  return text.replace(BOM_AND_SPACE, '');
}

export function readProlog(text: string): Prolog {
  const prolog: Prolog = { root: null, doctypeName: null, doctypeRange: null };
  let i = 0;
  const limit = Math.min(text.length, MAX_PROLOG_CHARS);
  while (i < limit) {
    i = skipSpace(text, i);
    if (text.startsWith('<?', i)) i = skipPast(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i, '-->');
    else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      const end = findDoctypeEnd(text, i);
      prolog.doctypeName = /^<!doctype\s+([^\s>[]+)/i.exec(text.slice(i, i + 200))?.[1]?.toLowerCase() ?? null;
      prolog.doctypeRange = [i, end];
      i = end;
    } else {
      prolog.root = readStartTag(text, i);
      return prolog;
    }
    if (i < 0) return prolog;
  }
  return prolog;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return i;
}

function skipPast(text: string, i: number, terminator: string): number {
  const end = text.indexOf(terminator, i);
  return end < 0 ? -1 : end + terminator.length;
}

/** The end of `<!DOCTYPE …>`, skipping an internal subset `[ … ]` whatever it declares. */
function findDoctypeEnd(text: string, start: number): number {
  const close = text.indexOf('>', start);
  const open = text.indexOf('[', start);
  if (open < 0 || (close >= 0 && close < open)) return close < 0 ? text.length : close + 1;
  const subsetEnd = /\]\s*>/g;
  subsetEnd.lastIndex = open;
  const match = subsetEnd.exec(text);
  return match ? match.index + match[0].length : text.length;
}

function readStartTag(text: string, start: number): RootTag | null {
  const match = START_TAG.exec(text.slice(start, start + 16 * 1024));
  if (!match?.[1]) return null;
  const name = match[1];
  const attrs: Record<string, string> = {};
  for (const attr of (match[2] ?? '').matchAll(ATTRIBUTE)) {
    // Namespace URIs are sometimes split across lines: fold whitespace out of values.
    if (attr[1]) attrs[attr[1]] = (attr[2] ?? attr[3] ?? '').replace(/\s+/g, ' ').trim();
  }
  return { name, localName: name.slice(name.indexOf(':') + 1), attrs, start, end: start + match[0].length };
}

/** The namespace URI bound to the root's own prefix (or the default namespace). */
export function rootNamespace(root: RootTag): string | null {
  const colon = root.name.indexOf(':');
  const key = colon < 0 ? 'xmlns' : `xmlns:${root.name.slice(0, colon)}`;
  return root.attrs[key]?.replace(/\s+/g, '') ?? null;
}
