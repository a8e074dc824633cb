/**
 * A small element tree for the wire formats (NewsML-G2, NITF), which need mixed content in order
 * (`<p>text <b>bold</b> more</p>`) where the feed tree keeps only text. Element and attribute
 * names are lowercased without their prefix (`<nitf:body.head>` → `body.head`); the namespace URI
 * of each element is kept. Built on htmlparser2 in xmlMode after prepareXml, so no DTD is ever
 * read and no entity beyond the XML five is expanded. Depth and size are capped: a hostile
 * document fails alone, with a typed error.
 */
import { Parser } from 'htmlparser2';
import { WiredeskError } from '../model/errors.js';
import { prepareXml } from './prepare-xml.js';

export interface WireNode {
  name: string;
  ns: string | null;
  attrs: Record<string, string>;
  lang: string | null;
  children: Array<WireNode | string>;
}

export const WIRE_MAX_DEPTH = 100;
export const WIRE_MAX_ELEMENTS = 1_000_000;

export function readWireTree(text: string, label: string): WireNode {
  const stack: WireNode[] = [];
  const scopes: Array<Map<string, string>> = [];
  let root: WireNode | null = null;
  let elements = 0;
  const fail = (why: string) => new WiredeskError('PARSE_INVALID', `parse: ${label} ${why}; the agency feed is malformed or hostile`);
  const parser = new Parser({
    onopentag(qualified, rawAttrs) {
      if (stack.length >= WIRE_MAX_DEPTH) throw fail(`nests elements deeper than ${WIRE_MAX_DEPTH} levels`);
      if (++elements > WIRE_MAX_ELEMENTS) throw fail(`has more than ${WIRE_MAX_ELEMENTS} elements`);
      const { scope, attrs } = readAttributes(rawAttrs, scopes.at(-1));
      const parent = stack.at(-1);
      const { prefix, local } = splitName(qualified.toLowerCase());
      const node: WireNode = {
        name: local, ns: scope.get(prefix) ?? null, attrs,
        lang: attrs['xml:lang']?.trim() || parent?.lang || null, children: [],
      };
      if (parent) parent.children.push(node);
      else root ??= node;
      stack.push(node);
      scopes.push(scope);
    },
    onclosetag() {
      stack.pop();
      scopes.pop();
    },
    ontext(value) {
      const top = stack.at(-1);
      if (!top) return;
      const last = top.children.at(-1);
      if (typeof last === 'string') top.children[top.children.length - 1] = last + value;
      else top.children.push(value);
    },
  }, { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true });
  parser.end(prepareXml(text));
  if (!root) throw fail('has no root element');
  return root;
}

/** Namespace declarations go to the element's scope; other attributes lose their prefix (but xml:lang). */
function readAttributes(raw: Record<string, string>, inherited: Map<string, string> | undefined) {
  const scope = new Map(inherited);
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (lower === 'xmlns') scope.set('', value.trim());
    else if (lower.startsWith('xmlns:')) scope.set(lower.slice(6), value.trim());
    else attrs[lower === 'xml:lang' ? 'xml:lang' : localName(lower)] = value;
  }
  return { scope, attrs };
}

function splitName(lower: string): { prefix: string; local: string } {
  const colon = lower.indexOf(':');
  return colon < 0 ? { prefix: '', local: lower } : { prefix: lower.slice(0, colon), local: lower.slice(colon + 1) };
}

function localName(lower: string): string {
  return splitName(lower).local;
}

/** The first child element with this name (or one of these names). */
export function child(node: WireNode | null | undefined, ...names: string[]): WireNode | null {
  if (!node) return null;
  for (const c of node.children) if (typeof c !== 'string' && names.includes(c.name)) return c;
  return null;
}

export function children(node: WireNode | null | undefined, name: string): WireNode[] {
  if (!node) return [];
  return node.children.filter((c): c is WireNode => typeof c !== 'string' && c.name === name);
}

/** Follows a path of child names: `path(item, 'contentMeta', 'headline')`. */
export function path(node: WireNode | null | undefined, ...names: string[]): WireNode | null {
  let current: WireNode | null = node ?? null;
  for (const name of names) current = child(current, name.toLowerCase());
  return current;
}

/** Every descendant element with this name, in document order (bounded by the tree's own caps). */
export function descendants(node: WireNode, name: string): WireNode[] {
  const found: WireNode[] = [];
  const walk = (n: WireNode) => {
    for (const c of n.children) {
      if (typeof c === 'string') continue;
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(node);
  return found;
}

/** All text inside, whitespace folded. */
export function textOf(node: WireNode | null | undefined): string | null {
  if (!node) return null;
  const parts: string[] = [];
  const walk = (n: WireNode) => {
    for (const c of n.children) {
      if (typeof c === 'string') parts.push(c);
      else walk(c);
    }
  };
  walk(node);
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

export function attr(node: WireNode | null | undefined, name: string): string | null {
  const value = node?.attrs[name]?.trim();
  return value ? value : null;
}

/** The element's content as HTML markup (sanitized later by normalize), element names renamed by `rename`. */
export function innerMarkup(node: WireNode, rename: (name: string) => string | null = (n) => n): string {
  let out = '';
  for (const c of node.children) {
    if (typeof c === 'string') {
      out += escapeText(c);
      continue;
    }
    const name = rename(c.name);
    const inner = innerMarkup(c, rename);
    if (name === null) {
      out += inner;
      continue;
    }
    const attrs = Object.entries(c.attrs).filter(([k]) => !k.includes(':'))
      .map(([k, v]) => ` ${k}="${escapeText(v).replace(/"/g, '&quot;')}"`).join('');
    out += `<${name}${attrs}>${inner}</${name}>`;
  }
  return out;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
