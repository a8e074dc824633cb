/** The canonical version of a story: highest source priority, then completeness, then earliest. */
import type { Item } from '../model/item.js';

export interface RankedVersion {
  /** Only the text's length counts (completeness), so callers may pass just that. */
  item: Pick<Item, 'id' | 'published' | 'fetchedAt'> & { contentText: { readonly length: number } };
  priority: number;
}

export function compareVersions(a: RankedVersion, b: RankedVersion): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const lengthA = a.item.contentText.length;
  const lengthB = b.item.contentText.length;
  if (isClearlyLonger(lengthA, lengthB)) return -1;
  if (isClearlyLonger(lengthB, lengthA)) return 1;
  const dateA = a.item.published ?? a.item.fetchedAt;
  const dateB = b.item.published ?? b.item.fetchedAt;
  if (dateA !== dateB) return dateA < dateB ? -1 : 1;
  return a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0;
}

/** Completeness: a full text beats a teaser, but a few words more or less do not count. */
function isClearlyLonger(a: number, b: number): boolean {
  return a > b * 1.5 + 40;
}

export function pickCanonical<T extends RankedVersion>(versions: T[]): T | null {
  return [...versions].sort(compareVersions)[0] ?? null;
}
