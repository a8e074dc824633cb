/** Small readers over the element tree of xml-tree.ts. */
import type { RawEnclosure } from '../model/entry.js';
import type { XmlElement } from './xml-tree.js';

/** Children by name, built once per element on first lookup (mappers look up a dozen names each). */
const INDEX = new WeakMap<XmlElement, Map<string, XmlElement[]>>();
const NONE: readonly XmlElement[] = Object.freeze([]);

function childrenNamed(element: XmlElement, name: string): readonly XmlElement[] {
  let index = INDEX.get(element);
  if (!index) {
    index = new Map();
    for (const child of element.children) {
      const list = index.get(child.name);
      if (list) list.push(child);
      else index.set(child.name, [child]);
    }
    INDEX.set(element, index);
  }
  return index.get(name) ?? NONE;
}

export function nodesOf(element: XmlElement | undefined, ...names: string[]): XmlElement[] {
  if (!element) return [];
  if (names.length === 1) return [...childrenNamed(element, names[0] ?? '')];
  // Several names: document order, as a reader meets them.
  return element.children.filter((child) => names.includes(child.name));
}

export function firstNode(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  if (!element) return undefined;
  for (const name of names) {
    const found = childrenNamed(element, name)[0];
    if (found) return found;
  }
  return undefined;
}

/** The first non-blank text among the named child elements (in the order of the names), trimmed. */
export function firstText(element: XmlElement | undefined, ...names: string[]): string | null {
  if (!element) return null;
  for (const name of names) {
    for (const node of childrenNamed(element, name)) {
      const text = node.text.trim();
      if (text) return text;
    }
  }
  return null;
}

/** The last non-blank text of the named child: where a value is repeated, the last one written wins. */
export function lastText(element: XmlElement, name: string): string | null {
  const nodes = childrenNamed(element, name);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const text = nodes[i]?.text.trim();
    if (text) return text;
  }
  return null;
}

export function allTexts(element: XmlElement, ...names: string[]): string[] {
  return nodesOf(element, ...names).map((node) => node.text.trim()).filter((text) => text !== '');
}

/** A URL as written, resolved against the base in force on its element (xml:base). */
export function resolveAgainst(href: string | undefined, node: XmlElement): string | null {
  const trimmed = href?.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, node.base ?? undefined).href;
  } catch {
    return trimmed;
  }
}

export function toLength(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  return Number.parseInt(value, 10);
}

/** Media RSS `<media:content>` elements, also those grouped in `<media:group>`. */
export function mediaEnclosures(element: XmlElement): RawEnclosure[] {
  const contents = [
    ...nodesOf(element, 'media:content'),
    ...nodesOf(element, 'media:group').flatMap((group) => nodesOf(group, 'media:content')),
  ];
  const enclosures: RawEnclosure[] = [];
  for (const node of contents) {
    const url = resolveAgainst(node.attrs.url, node);
    if (!url) continue;
    enclosures.push({ url, type: node.attrs.type?.trim() || null, length: toLength(node.attrs.filesize) });
  }
  return enclosures;
}

/**
 * The entry as stored for re-normalization (`raw`): built only when serialized (JSON.stringify
 * calls toJSON), so parsing alone does not pay for a copy of every entry.
 */
export function rawEntry(element: XmlElement): unknown {
  return { toJSON: () => rawElement(element) };
}

/** A compact, JSON-friendly copy of an element, without the parser's bookkeeping. */
function rawElement(element: XmlElement): unknown {
  const out: Record<string, unknown> = { name: element.name };
  if (Object.keys(element.attrs).length > 0) out.attrs = element.attrs;
  if (element.text.trim()) out.text = element.text;
  if (element.children.length > 0) out.children = element.children.map(rawElement);
  return out;
}
