/** JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) → ParsedFeed. */
import type { FeedEntry, ParsedFeed, RawEnclosure, TextValue } from '../model/entry.js';
import { WiredeskError } from '../model/errors.js';

type JsonObject = Record<string, unknown>;

/** Parses the text (or takes JSON already parsed by detection) and maps it. */
export function parseJsonFeed(input: string | unknown, documentUrl: string | null): ParsedFeed {
  const json = typeof input === 'string' ? parseJson(input, documentUrl) : input;
  if (!isObject(json)) {
    throw new WiredeskError('PARSE_INVALID', `parse: ${documentUrl ?? 'document'} is not a JSON Feed object; check the source URL`);
  }
  const feedAuthor = authorNames(json);
  const items = Array.isArray(json.items) ? json.items.filter(isObject) : [];
  return {
    format: 'json',
    title: str(json.title),
    link: str(json.home_page_url),
    language: str(json.language),
    base: documentUrl,
    entries: items.map((item) => mapJsonItem(item, documentUrl, feedAuthor)),
  };
}

function parseJson(text: string, documentUrl: string | null): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new WiredeskError('PARSE_INVALID', `parse: ${documentUrl ?? 'document'} is not valid JSON (${reason}); the source publishes a broken JSON Feed`, { cause: err });
  }
}

export function mapJsonItem(item: JsonObject, base: string | null, feedAuthor: string | null): FeedEntry {
  const id = typeof item.id === 'number' ? String(item.id) : str(item.id);
  return {
    guid: id,
    guidIsPermaLink: false,
    link: str(item.url) ?? str(item.external_url),
    base,
    title: text(item.title, 'text'),
    // JSON Feed summaries are plain text by definition.
    summary: text(item.summary, 'text'),
    content: text(item.content_html, 'html') ?? text(item.content_text, 'text'),
    // JSON Feed 1.1: items without authors inherit the feed's.
    author: authorNames(item) ?? feedAuthor,
    published: str(item.date_published),
    updated: str(item.date_modified),
    categories: Array.isArray(item.tags) ? item.tags.map(str).filter((tag): tag is string => tag !== null) : [],
    enclosures: attachments(item),
    language: str(item.language),
    dateline: null,
    raw: item,
  };
}

/** 1.1 `authors` (array) or 1.0 `author` (object). */
function authorNames(record: JsonObject): string | null {
  const authors = Array.isArray(record.authors) ? record.authors : isObject(record.author) ? [record.author] : [];
  const names = authors.filter(isObject).map((author) => str(author.name)).filter((name): name is string => name !== null);
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

function attachments(item: JsonObject): RawEnclosure[] {
  if (!Array.isArray(item.attachments)) return [];
  const enclosures: RawEnclosure[] = [];
  for (const attachment of item.attachments.filter(isObject)) {
    const url = str(attachment.url);
    if (!url) continue;
    const size = attachment.size_in_bytes;
    const length = typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : null;
    enclosures.push({ url, type: str(attachment.mime_type), length });
  }
  return enclosures;
}

function text(value: unknown, type: TextValue['type']): TextValue | null {
  return typeof value === 'string' && value.trim() !== '' ? { value, type } : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
