/**
 * A lenient XML reader for feeds, on htmlparser2's SAX callbacks in xmlMode. It keeps going on
 * broken XML (a truncated feed keeps every item it got, mismatched tags close what they can) and
 * never expands an entity beyond the five XML ones (prepare-xml.ts maps HTML names first).
 *
 * Element names come out lowercased with a canonical prefix chosen by namespace URI, whatever
 * prefix the document used (`<atom:feed>`, `<rss1:item>`, `<DC:Creator>` all read alike); the
 * document's own vocabulary (RSS, RDF's RSS 1.0, or Atom) has no prefix. Text constructs that hold
 * markup (XHTML content, raw tags in a description) keep it, serialized, as their text.
 */
import { Parser } from 'htmlparser2';
import { canonicalPrefix, XML_NAMESPACE } from './namespaces.js';
import { MarkupCapture } from './markup-capture.js';

export interface XmlElement {
  /** Lowercased qualified name with its canonical prefix: `title`, `dc:creator`, `atom:link`. */
  name: string;
  /** Attributes, names lowercased with canonical prefixes (`xml:base`, `rdf:about`, `ispermalink`). */
  attrs: Record<string, string>;
  /** The element's own text; for a text construct with child elements, its inner markup. */
  text: string;
  /** True when `text` is serialized markup from child elements (inline XHTML, raw HTML tags). */
  markup: boolean;
  /** The base URL in force here (xml:base resolved against the document URL), for relative links. */
  base: string | null;
  /** The xml:lang in force here. */
  lang: string | null;
  children: XmlElement[];
}

export interface XmlFeedTree {
  root: XmlElement;
  /** `<channel>` for RSS/RDF, the root `<feed>` for Atom. */
  channel: XmlElement;
  /** Every `<item>` (RSS/RDF) or `<entry>` (Atom) in document order, nested ones too, each on its own. */
  entries: XmlElement[];
  /** Whether any element declared its own base (xml:base, or a CDF BASE): else every base is the document URL. */
  hasOwnBase: boolean;
}

/** Elements whose content is text or markup for a reader: their child elements are kept as markup. */
const TEXT_CONSTRUCTS = new Set([
  'title', 'description', 'summary', 'content', 'content:encoded', 'subtitle', 'tagline', 'rights',
  'copyright', 'info', 'xhtml:body', 'body', 'fullitem', 'itunes:summary',
]);
/** Text constructs are only read as such directly inside these (not `<title>` in an XHTML `<head>`). */
const CONSTRUCT_PARENTS = new Set(['item', 'entry', 'channel', 'feed', 'source', 'atom:source']);
/** Deeper elements are ignored: no feed nests this much, a hostile document might. */
const MAX_DEPTH = 256;

/** Shared by every element without children (most are leaves) until its first child arrives. */
const NO_CHILDREN = Object.freeze([]) as unknown as XmlElement[];

export function readXmlTree(xml: string, documentUrl: string | null): XmlFeedTree | null {
  const builder = new TreeBuilder(documentUrl);
  const parser = new Parser(builder.handlers(), { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true });
  parser.end(xml);
  return builder.result();
}

/**
 * The tree readXmlTree would give for the same document read at `documentUrl`, without reading it
 * again: possible when no element declared a base of its own (then every base is the document
 * URL, nothing else depends on it). Null otherwise: read the document again.
 */
export function rebaseTree(tree: XmlFeedTree, documentUrl: string | null): XmlFeedTree | null {
  if (tree.hasOwnBase) return null;
  const pending: XmlElement[] = [tree.root, ...tree.entries];
  for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
    element.base = documentUrl;
    for (const child of element.children) pending.push(child);
  }
  return tree;
}

class TreeBuilder {
  /** Open elements, and beside each the namespaces it declared (null for most). */
  private readonly stack: XmlElement[] = [];
  private readonly declared: Array<Map<string, string> | null> = [];
  private readonly entries: XmlElement[] = [];
  private root: XmlElement | null = null;
  /** The Atom `<feed>` when it is not the document's root (Atom wrapped in XHTML). */
  private feedRoot: XmlElement | null = null;
  private channel: XmlElement | null = null;
  private isAtom = false;
  private isCdf = false;
  private hasOwnBase = false;
  private capture: MarkupCapture | null = null;
  private ignoredDepth = 0;
  private readonly names = new Map<string, string>();
  private readonly attrNames = new Map<string, string>();

  constructor(private readonly documentUrl: string | null) {}

  handlers() {
    return {
      onopentag: (name: string, attrs: Record<string, string>) => this.open(name, attrs),
      onclosetag: (name: string) => this.close(name),
      ontext: (text: string) => this.text(text),
    };
  }

  result(): XmlFeedTree | null {
    if (!this.root) return null;
    const root = this.feedRoot ?? this.root;
    return { root, channel: this.channel ?? root, entries: this.entries, hasOwnBase: this.hasOwnBase };
  }

  private open(rawName: string, rawAttrs: Record<string, string>): void {
    if (this.capture) {
      this.capture.open(rawName, rawAttrs);
      return;
    }
    if (this.stack.length >= MAX_DEPTH || this.ignoredDepth > 0) {
      this.ignoredDepth++;
      return;
    }
    const parent = this.stack[this.stack.length - 1];
    const namespaces = declaredNamespaces(rawAttrs);
    if (namespaces) this.clearNames();
    const name = this.cachedName(rawName, namespaces, true);
    const attrs = this.canonicalAttrs(rawAttrs, namespaces);
    // CDF channels (a `<channel>` root) give their base as a plain BASE attribute.
    if (!this.root && name === 'channel') this.isCdf = true;
    const xmlBase = attrs['xml:base'] ?? (this.isCdf ? attrs.base : undefined);
    if (xmlBase !== undefined) this.hasOwnBase = true;
    const xmlLang = attrs['xml:lang']?.trim();
    const element: XmlElement = {
      name, attrs, text: '', markup: false,
      base: xmlBase === undefined ? (parent ? parent.base : this.documentUrl) : resolveBase(xmlBase, parent ? parent.base : this.documentUrl),
      lang: xmlLang || (parent ? parent.lang : null),
      children: NO_CHILDREN,
    };
    if (!this.root) this.openRoot(element);
    else if (!this.isAtom && !this.channel && element.name === 'atom:feed') this.openEmbeddedFeed(element);
    if (this.isEntry(element.name)) this.entries.push(element);
    else if (parent) {
      if (parent.children === NO_CHILDREN) parent.children = [];
      parent.children.push(element);
    }
    if (element.name === 'channel' && !this.channel) this.channel = element;
    this.stack.push(element);
    this.declared.push(namespaces);
    if (TEXT_CONSTRUCTS.has(element.name) && parent && CONSTRUCT_PARENTS.has(parent.name)) this.capture = new MarkupCapture();
  }

  private openRoot(element: XmlElement): void {
    this.root = element;
    this.isAtom = element.name === 'feed' || element.name === 'atom:feed';
    if (this.isAtom) element.name = 'feed';
    // Names read before the document's kind was known (the root's own) are read again from now on.
    this.clearNames();
  }

  /** An Atom feed inside another document (an XHTML page): read as if it were the root. */
  private openEmbeddedFeed(element: XmlElement): void {
    this.isAtom = true;
    this.feedRoot = element;
    element.name = 'feed';
    this.clearNames();
  }

  private clearNames(): void {
    this.names.clear();
    this.attrNames.clear();
  }

  /** Canonical names only change where namespaces are declared: cached in between. */
  private cachedName(qualified: string, own: Map<string, string> | null, isElement: boolean): string {
    const cache = isElement ? this.names : this.attrNames;
    let name = cache.get(qualified);
    if (name === undefined) {
      name = this.canonicalName(qualified, (prefix) => this.namespaceOf(prefix, own), isElement);
      cache.set(qualified, name);
    }
    return name;
  }

  private canonicalAttrs(attrs: Record<string, string>, own: Map<string, string> | null): Record<string, string> {
    let out: Record<string, string> | null = null;
    for (const name in attrs) {
      out ??= {};
      out[this.cachedName(name, own, false)] = attrs[name] ?? '';
    }
    return out ?? NO_ATTRS;
  }

  private close(rawName: string): void {
    if (this.capture?.close(rawName)) return;
    if (this.ignoredDepth > 0) {
      this.ignoredDepth--;
      return;
    }
    const element = this.stack.pop();
    if (!element) return;
    if (this.declared.pop()) this.clearNames();
    if (this.capture) {
      const { text, markup } = this.capture.finish();
      element.text = text;
      element.markup = markup;
      this.capture = null;
    }
  }

  private text(text: string): void {
    if (this.capture) this.capture.text(text);
    else if (this.ignoredDepth === 0) {
      const top = this.stack[this.stack.length - 1];
      // Indentation between child elements is not text anyone reads: not kept, less garbage.
      if (top && (top.text !== '' || !isBlank(text))) top.text += text;
    }
  }

  private isEntry(name: string): boolean {
    // Some Atom 0.3 generators wrote RSS's `<item>` for entries; Atom itself has no `<item>`.
    return this.isAtom ? name === 'entry' || name === 'item' : name === 'item';
  }

  private namespaceOf(prefix: string, own: Map<string, string> | null): string | undefined {
    const found = own?.get(prefix);
    if (found !== undefined) return found;
    for (let i = this.declared.length - 1; i >= 0; i--) {
      const uri = this.declared[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return prefix === 'xml' ? XML_NAMESPACE : undefined;
  }

  /** `<Atom:Link>` → `atom:link` (or `link` in an Atom document); unknown prefixes stay as written. */
  private canonicalName(qualified: string, lookup: (prefix: string) => string | undefined, isElement: boolean): string {
    const lower = qualified.toLowerCase();
    const colon = lower.indexOf(':');
    const prefix = colon < 0 ? '' : lower.slice(0, colon);
    const local = colon < 0 ? lower : lower.slice(colon + 1);
    if (prefix === 'xmlns' || lower === 'xmlns') return lower;
    // Unprefixed attributes belong to no namespace, whatever the default namespace is.
    if (!isElement && prefix === '') return local;
    const uri = lookup(prefix);
    if (uri === undefined) return lower;
    const canonical = canonicalPrefix(uri, prefix);
    if (canonical === 'atom' && this.isAtomDocument(local, isElement)) return local;
    return canonical === '' ? local : `${canonical}:${local}`;
  }

  private isAtomDocument(local: string, isElement: boolean): boolean {
    return this.isAtom || (isElement && this.root === null && local === 'feed');
  }
}

function declaredNamespaces(attrs: Record<string, string>): Map<string, string> | null {
  let map: Map<string, string> | null = null;
  for (const name in attrs) {
    if (name.length < 5 || (name.charCodeAt(0) | 32) !== 120 /* x */) continue;
    const lower = name.toLowerCase();
    if (lower !== 'xmlns' && !lower.startsWith('xmlns:')) continue;
    map ??= new Map();
    map.set(lower === 'xmlns' ? '' : lower.slice(6), (attrs[name] ?? '').replace(/\s+/g, ''));
  }
  return map;
}

/** Shared by every element without attributes (most of them); never written to. */
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;


function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 10 && code !== 9 && code !== 13) return false;
  }
  return true;
}

/** Resolves an xml:base against the base in force; an unusable value keeps the outer base. */
export function resolveBase(xmlBase: string | undefined, outer: string | null): string | null {
  if (!xmlBase?.trim()) return outer;
  try {
    return new URL(xmlBase.trim(), outer ?? undefined).href;
  } catch {
    return outer;
  }
}
