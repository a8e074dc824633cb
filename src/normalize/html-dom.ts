/**
 * One HTML fragment as a DOM (htmlparser2, the parser cheerio itself runs), without cheerio's
 * wrapper objects: the normalize stage only walks, removes and serializes nodes, and building a
 * cheerio instance per field cost more than parsing it. Same parse and serialization options as
 * `cheerio.load(html, HTML_FRAGMENT_OPTIONS, false)`, so the output is the same byte for byte.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { AnyNode, Document, Element } from 'domhandler';

/** htmlparser2 in HTML mode, entities decoded, UTF-8 output (what HTML_FRAGMENT_OPTIONS flattens to). */
const DOM_OPTIONS = { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' } as const;

export function parseFragment(html: string): Document {
  return parseDocument(html, DOM_OPTIONS);
}

/** The HTML of these nodes, in order. */
export function renderNodes(nodes: AnyNode[]): string {
  return DomUtils.getOuterHTML(nodes, DOM_OPTIONS);
}

export function removeNode(node: AnyNode): void {
  DomUtils.removeElement(node);
}

/** Every element under `node` (not `node` itself) whose tag is in `names`, in document order. */
export function descendantsNamed(node: AnyNode, names: ReadonlySet<string>): Element[] {
  return 'children' in node ? DomUtils.findAll((el) => names.has(el.name), node.children) : [];
}

export function hasDescendantNamed(node: Element, name: string): boolean {
  return DomUtils.findOne((el) => el.name === name, node.children) !== null;
}

/** The node's text, comments excluded (cheerio's `.text()`). */
export function textOf(node: AnyNode): string {
  return DomUtils.textContent(node);
}
