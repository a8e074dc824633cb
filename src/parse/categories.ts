/**
 * An entry's categories from every place feeds put them: RSS and Atom `<category>`, `dc:subject`,
 * Media RSS `media:category` and `media:keywords`, iTunes `itunes:category` (nested ones too) and
 * `itunes:keywords`. Keyword lists are split on commas. Duplicates are removed by normalize.
 */
import { nodesOf } from './xml-nodes.js';
import type { XmlElement } from './xml-tree.js';

/** Elements holding one category as text (Atom's `<category>` holds it in `term` or `label`). */
const ONE_CATEGORY = new Set(['category', 'atom:category', 'dc:subject', 'media:category']);
/** Elements holding a comma-separated list (`tags` is an old unofficial RSS one). */
const KEYWORD_LISTS = new Set(['itunes:keywords', 'media:keywords', 'tags']);
/** Media RSS groups whose own categories and keywords count as the entry's. */
const MEDIA_CONTAINERS = new Set(['media:group', 'media:content']);
/** No entry has more keywords than this worth keeping; a hostile one might. */
const MAX_KEYWORDS = 200;

/** In document order, as a reader meets them. */
export function findCategories(entry: XmlElement, depth = 0): string[] {
  const categories: string[] = [];
  for (const node of entry.children) {
    if (ONE_CATEGORY.has(node.name)) {
      const value = categoryName(node);
      if (value) categories.push(value);
    } else if (KEYWORD_LISTS.has(node.name)) categories.push(...splitKeywords(node.text));
    else if (node.name === 'itunes:category') categories.push(...itunesCategories(node, 0));
    else if (MEDIA_CONTAINERS.has(node.name) && depth < 2) categories.push(...findCategories(node, depth + 1));
  }
  return categories;
}

/** Atom's `term` (else its `label`); the text for the others, whose `label` is only a display name. */
function categoryName(node: XmlElement): string {
  const text = node.text.trim();
  const term = node.attrs.term?.trim();
  return (node.name === 'media:category' ? text || node.attrs.label?.trim() : term || node.attrs.label?.trim() || text) ?? '';
}

/** `<itunes:category text="Technology"><itunes:category text="Gadgets"/></itunes:category>`: both. */
function itunesCategories(node: XmlElement, depth: number): string[] {
  const own = node.attrs.text?.trim() || node.text.trim();
  const nested = depth < 2 ? nodesOf(node, 'itunes:category').flatMap((child) => itunesCategories(child, depth + 1)) : [];
  return own ? [own, ...nested] : nested;
}

function splitKeywords(list: string): string[] {
  return list.split(',', MAX_KEYWORDS).map((word) => word.trim()).filter((word) => word !== '');
}
