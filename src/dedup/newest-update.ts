/**
 * The newest update of a story: a version published after the canonical one that is at least
 * about as complete (a later, longer wire version; never a teaser). Curated feeds keep the
 * canonical version's link and title and show this version's text.
 */
import type { Item } from '../model/item.js';

/** An update may be slightly shorter than the canonical text (a trimmed paragraph) but no less. */
const MIN_UPDATE_SHARE = 0.9;

type Version = Pick<Item, 'id' | 'published' | 'fetchedAt' | 'contentText'>;

export function newestUpdate<T extends Version>(canonical: Version, versions: T[]): T | null {
  const after = sortDate(canonical);
  let newest: T | null = null;
  for (const v of versions) {
    if (v.id === canonical.id || sortDate(v) <= after) continue;
    if (v.contentText.length < canonical.contentText.length * MIN_UPDATE_SHARE) continue;
    if (!newest || sortDate(v) > sortDate(newest)) newest = v;
  }
  return newest;
}

/** The canonical item showing an update's text (link, title and source stay the canonical's). */
export function withUpdateText<T extends Item & { changedAt: string }>(canonical: T, update: T): T {
  return {
    ...canonical,
    summary: update.summary ?? canonical.summary,
    contentHtml: update.contentHtml,
    contentText: update.contentText,
    updated: update.updated ?? update.published ?? update.fetchedAt,
    changedAt: update.changedAt > canonical.changedAt ? update.changedAt : canonical.changedAt,
  };
}

function sortDate(v: Version): string {
  return v.published ?? v.fetchedAt;
}
