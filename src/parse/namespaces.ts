/**
 * Namespace URIs feeds use, mapped to the prefix wiredesk reads them under, whatever prefix a
 * document chose. The RSS namespaces map to no prefix: their elements are the document's own.
 */

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

const PREFIX_BY_URI: ReadonlyMap<string, string> = new Map([
  ['http://www.w3.org/2005/atom', 'atom'],
  ['http://purl.org/atom/ns#', 'atom'],
  // Atom before it was called Atom (see ATOM_NAMESPACES in detect-format.ts).
  ['http://purl.org/echo/', 'atom'],
  ['http://purl.org/pie/', 'atom'],
  ['http://example.com/newformat#', 'atom'],
  ['http://example.com/necho', 'atom'],
  ['uri/of/echo/namespace#', 'atom'],
  ['http://purl.org/rss/1.0/', ''],
  ['http://my.netscape.com/rdf/simple/0.9/', ''],
  ['http://backend.userland.com/rss2', ''],
  ['http://blogs.law.harvard.edu/tech/rss', ''],
  ['http://purl.org/net/rss1.1#', ''],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
  ['http://purl.org/dc/terms/', 'dcterms'],
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://search.yahoo.com/mrss/', 'media'],
  ['http://search.yahoo.com/mrss', 'media'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
  // XHTML elements read as plain names: RSS inside an XHTML page inherits its default namespace.
  ['http://www.w3.org/1999/xhtml', ''],
  ['http://www.w3.org/xml/1998/namespace', 'xml'],
  ['http://purl.org/rss/1.0/modules/slash/', 'slash'],
  ['http://wellformedweb.org/commentapi/', 'wfw'],
  ['http://www.georss.org/georss', 'georss'],
  ['http://rssnamespace.org/feedburner/ext/1.0', 'feedburner'],
]);

/** The canonical prefix for a namespace URI; unknown namespaces keep the prefix the document used. */
export function canonicalPrefix(uri: string, written: string): string {
  return PREFIX_BY_URI.get(uri.toLowerCase()) ?? PREFIX_BY_URI.get(`${uri.toLowerCase()}/`) ?? written;
}
