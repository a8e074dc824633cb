/**
 * The only module that knows rss-parser (xml2js inside). It returns the raw element nodes we map
 * ourselves (attributes included), not rss-parser's own lossy fields, so it can be replaced by
 * another XML reader that produces the same node shape.
 *
 * Node shape (xml2js defaults): every child element is an array; an element is a string when it has
 * only text, else an object with `_` (text) and `$` (attributes) and its children.
 */
import Parser from 'rss-parser';

export type XmlNode = string | { _?: string; $?: Record<string, string>; [child: string]: unknown };
/** Child elements by qualified name (`title`, `dc:creator`), each an array of nodes; `$` = attributes. */
export type XmlElement = Record<string, unknown>;

export interface XmlFeedDocument {
  /** `<channel>` for RSS/RDF, `<feed>` for Atom. */
  channel: XmlElement;
  entries: XmlElement[];
}

/** Element names copied raw (all occurrences, with attributes) from each item/entry. */
const ITEM_ELEMENTS = [
  'title', 'link', 'guid', 'id', 'description', 'summary', 'content', 'content:encoded',
  'author', 'dc:creator', 'pubDate', 'dc:date', 'wd:published', 'wd:updated', 'issued', 'modified',
  'created', 'dcterms:modified', 'category', 'dc:subject', 'enclosure', 'media:content',
  'media:group', 'dc:language', 'dc:title',
];
const CHANNEL_ELEMENTS = ['title', 'link', 'language', 'dc:language', 'author', 'dc:title'];

// rss-parser turns Atom <published>/<updated> into ISO strings with `new Date(…).toISOString()`,
// which throws on any date it cannot read and loses the whole feed: hide them from it.
function renameDateElements(name: string): string {
  if (name === 'published') return 'wd:published';
  if (name === 'updated') return 'wd:updated';
  return name;
}

// rss-parser writes its own derived fields (`title`, `guid`, `enclosure`…) over same-named custom
// fields, so ours are copied under a prefix and unprefixed by pickElements.
const RAW = 'raw>';

function rawFields(names: string[]): Array<[string, string, { keepArray: boolean }]> {
  return ['$', ...names].map((name): [string, string, { keepArray: boolean }] => [name, RAW + name, { keepArray: true }]);
}

/** Parses prepared XML (see prepare-xml.ts). Rejects with the parser's error when it is not well-formed. */
export async function readXmlFeed(xml: string): Promise<XmlFeedDocument> {
  const parser = new Parser({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [renameDateElements] },
    customFields: {
      // Its typings allow only names for feed fields; its code takes the same tuples as for items.
      feed: rawFields(CHANNEL_ELEMENTS) as unknown as string[],
      item: rawFields(ITEM_ELEMENTS),
    },
  });
  const output = (await parser.parseString(xml)) as unknown as Record<string, unknown>;
  const items = Array.isArray(output.items) ? (output.items as Array<Record<string, unknown>>) : [];
  return {
    channel: pickElements(output),
    entries: items.map(pickElements),
  };
}

/** Keeps only the raw nodes we asked for, dropping rss-parser's derived fields. */
function pickElements(source: Record<string, unknown>): XmlElement {
  const element: XmlElement = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith(RAW) && value !== undefined) element[key.slice(RAW.length)] = value;
  }
  return element;
}
