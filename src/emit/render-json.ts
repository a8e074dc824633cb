/**
 * JSON Feed 1.1 through `feed`, whose json1() still writes version 1 and lacks language, hubs,
 * `authors` and attachments: we parse its output and complete it. Our `_wiredesk` extension
 * (story id, source, other versions) goes through feed's item extensions.
 */
import { Feed } from 'feed';
import type { Item as FeedItem } from 'feed';
import type { PreparedEntry, PreparedFeed } from './prepared.js';
import { jsonWire } from './wire-extensions.js';

type JsonObject = Record<string, unknown>;

export function renderJson(feed: PreparedFeed): string {
  const json = new Feed({
    id: feed.selfUrls.atom,
    title: feed.title,
    ...(feed.description === '' ? {} : { description: feed.description }),
    link: feed.homeUrl,
    feedLinks: { json: feed.selfUrls.json },
    updated: feed.updated,
    generator: 'wiredesk',
  });
  for (const entry of feed.entries) json.addItem(toJsonItem(entry));
  const document = JSON.parse(json.json1()) as JsonObject & { items: JsonObject[] };
  return JSON.stringify(completeFeed(document, feed), null, 2);
}

function toJsonItem(entry: PreparedEntry): FeedItem {
  return {
    id: entry.id,
    title: entry.title,
    link: entry.link ?? '',
    date: entry.updated,
    ...(entry.published === null ? {} : { published: entry.published }),
    ...(entry.summaryHtml === null ? {} : { description: entry.summaryHtml }),
    ...(entry.contentHtml === null ? {} : { content: entry.contentHtml }),
    ...(entry.author === null ? {} : { author: [{ name: entry.author }] }),
    category: entry.categories.map((name) => ({ name })),
    extensions: [{ name: '_wiredesk', objects: wiredeskExtension(entry) }],
  };
}

function wiredeskExtension(entry: PreparedEntry): JsonObject {
  return {
    story_id: entry.storyId,
    source: { id: entry.source.id, title: entry.source.title },
    also_reported_by: entry.related.map((version) => ({
      source_id: version.sourceId,
      source_title: version.sourceTitle,
      url: version.url,
      title: version.title,
    })),
    ...jsonWire(entry.wire ?? null),
  };
}

function completeFeed(document: JsonObject & { items: JsonObject[] }, feed: PreparedFeed): JsonObject {
  const { items, ...head } = document;
  return {
    ...head,
    version: 'https://jsonfeed.org/version/1.1',
    ...(feed.language === null ? {} : { language: feed.language }),
    ...(feed.hub === null ? {} : { hubs: [{ type: 'WebSub', url: feed.hub }] }),
    authors: [{ name: feed.title }],
    items: items.map((item, index) => {
      const entry = feed.entries[index];
      return entry === undefined ? item : completeItem(item, entry);
    }),
  };
}

function completeItem(item: JsonObject, entry: PreparedEntry): JsonObject {
  const { _wiredesk: extension, ...fields } = item;
  return {
    ...fields,
    // JSON Feed requires content_html or content_text on every item.
    content_html: typeof fields['content_html'] === 'string' ? fields['content_html'] : '',
    ...(entry.author === null ? {} : { authors: [{ name: entry.author }] }),
    ...(entry.language === null ? {} : { language: entry.language }),
    ...(entry.enclosures.length === 0
      ? {}
      : {
          attachments: entry.enclosures.map((e) => ({
            url: e.url,
            mime_type: e.type,
            ...(e.length > 0 ? { size_in_bytes: e.length } : {}),
          })),
        }),
    _wiredesk: extension,
  };
}
