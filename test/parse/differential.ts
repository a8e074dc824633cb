/**
 * The comparison behind the differential test: wiredesk's view of a feed file beside Universal
 * Feed Parser's (feedparser-view.py), field by field, after the same canonicalization on both sides.
 *
 * Deliberate divergences, folded out of the comparison:
 * - URLs: wiredesk strips tracking parameters and resolves against xml:base; both sides go through
 *   canonicalUrl before comparing.
 * - Titles: wiredesk makes titles plain text and invents one from the text when an entry has none;
 *   the reference's HTML titles are reduced to text, and invented titles are not compared.
 * - Dates: compared as UTC instants. feedparser files `dc:date` under `updated`, wiredesk under
 *   `published`; each side's published falls back to its updated and its updated to its published.
 * - Authors: the name only (wiredesk turns `email (Name)` into `Name`); several are joined by ", ".
 * - Categories and enclosures: compared as sets (case-folded categories, canonical URLs);
 *   wiredesk counts Media RSS `media:content` as enclosures, so the reference's media_content is
 *   added to its enclosures.
 * - Authors: the entry's own (wiredesk also credits an agency found in a dateline, and lets Atom
 *   entries inherit the feed's author as RFC 4287 says; feedparser does neither).
 * - Text of undeclared non-UTF-8 feeds (GB2312, Big5, EUC-KR, windows-1251): Debian's feedparser
 *   sniffs those with chardet when it is installed; without it, it reads them as windows-1252 and
 *   its titles are mojibake. Those titles are then listed as unscored, not as agreement.
 * A field is scored when the reference has a value. Where it has none (JSON Feed, which Debian's
 * feedparser 6.0 does not read; localized dates it cannot parse; Media RSS enclosures), a wiredesk
 * value is counted as an extra, reported beside the agreement but not scored: two empty fields are
 * no agreement, and a value the reference cannot produce has nothing to agree with.
 */
import { decodeBody } from '../../src/decode/decode-body.js';
import { isWiredeskError } from '../../src/model/errors.js';
import { normalizeEntry, normalizeFeedMeta } from '../../src/normalize/normalize-entry.js';
import type { TextValue } from '../../src/model/entry.js';
import { canonicalUrl } from '../../src/normalize/canonical-url.js';
import { htmlToText } from '../../src/normalize/html-to-text.js';
import { parseDocument } from '../../src/parse/parse-document.js';

export interface EntryView {
  title: string | null;
  link: string | null;
  id: string | null;
  published: string | null;
  updated: string | null;
  author: string | null;
  categories: string[];
  enclosures: string[];
  /** The entry's body as plain text: its content, else its summary. */
  text?: string | null;
}

export interface FeedView {
  feed: { title: string | null; link: string | null; language: string | null };
  entries: EntryView[];
  error?: string;
  /** The reference decoded undeclared bytes by a blind guess (no chardet): its text fields are not scored. */
  encodingGuessed?: boolean;
}

export interface Disagreement { file: string; field: string; ours: unknown; theirs: unknown }
export interface FieldCount { compared: number; agreed: number }
export interface Tally {
  compared: number;
  agreed: number;
  extras: number;
  unscored: number;
  disagreements: Disagreement[];
  /** Per field class (`entries.title`, `feed.link`…), entry indexes folded. */
  byField: Record<string, FieldCount>;
}

export function emptyTally(): Tally {
  return { compared: 0, agreed: 0, extras: 0, unscored: 0, disagreements: [], byField: {} };
}

/** `entries[12].title` → `entries.title`. */
export function fieldClass(field: string): string {
  return field.replace(/\[\d+\]/g, '');
}

export async function wiredeskView(bytes: Buffer, url: string): Promise<FeedView> {
  try {
    const decoded = decodeBody(bytes, null);
    const feed = await parseDocument(decoded.text, { url, type: 'auto' });
    const meta = normalizeFeedMeta(feed);
    const entries = feed.entries.map((entry): EntryView => {
      const item = normalizeEntry(entry, { feed });
      return {
        // An invented title (the entry had none) is a wiredesk feature, not compared.
        title: entry.title ? item.title : null,
        link: item.url,
        id: item.guid,
        published: item.published,
        updated: item.updated,
        author: entry.author ? item.author : null,
        categories: item.categories,
        enclosures: item.enclosures.map((e) => e.url),
        text: bodyText(entry.content ?? entry.summary),
      };
    });
    return { feed: meta, entries };
  } catch (err) {
    // A WiredeskError is a verdict on the file (not a feed, say); anything else is a crash.
    if (!isWiredeskError(err)) throw err;
    return { feed: { title: null, link: null, language: null }, entries: [], error: err.message };
  }
}

/** What the entry's body says, read as parsed (before normalize's cleaning, which is compared elsewhere). */
function bodyText(body: TextValue | null): string | null {
  if (!body) return null;
  return (body.type === 'html' ? htmlToText(body.value) : body.value) || null;
}

type Canon = (value: unknown) => unknown;

const text: Canon = (v) => (typeof v === 'string' ? v.normalize('NFC').replace(/\s+/g, ' ').trim() || null : null);
/** Bodies: the characters only (how block elements turn into spaces differs between text extractors). */
const body: Canon = (v) => (typeof v === 'string' ? v.normalize('NFC').replace(/\s+/g, '') || null : null);
const lower: Canon = (v) => (text(v) as string | null)?.toLowerCase() ?? null;
const url: Canon = (v) => (typeof v === 'string' ? canonicalUrl(v, null) ?? text(v) : null);
const set = (inner: Canon): Canon => (v) => {
  const values = Array.isArray(v) ? v.map(inner).filter((x): x is string => typeof x === 'string') : [];
  return values.length === 0 ? null : [...new Set(values)].sort().join(' | ');
};

const ENTRY_FIELDS: Array<[keyof EntryView, Canon]> = [
  ['title', text], ['link', url], ['id', text], ['published', text], ['updated', text],
  ['author', text], ['categories', set(lower)], ['enclosures', set(url)], ['text', body],
];

export function compareViews(file: string, ours: FeedView, theirs: FeedView, tally: Tally, skip: ReadonlySet<string> = NO_SKIP): void {
  const textOk = theirs.encodingGuessed !== true;
  const note = (field: string, mine: unknown, reference: unknown): void => {
    // A deliberate divergence (listed in test/fixtures/feeds/README.md) is neither agreement nor disagreement.
    if (skip.has(`${file} ${fieldClass(field)}`) || skip.has(`${file} *`)) tally.unscored += 1;
    else noteField(tally, file, field, mine, reference);
  };
  if (textOk) note('feed.title', text(ours.feed.title), text(theirs.feed.title));
  else tally.unscored += 1;
  note('feed.link', url(ours.feed.link), url(theirs.feed.link));
  note('feed.language', lower(ours.feed.language), lower(theirs.feed.language));
  note('entries.count', ours.entries.length || null, theirs.entries.length || null);
  const count = Math.max(ours.entries.length, theirs.entries.length);
  for (let i = 0; i < count; i++) {
    const a = withFallbacks(ours.entries[i]);
    const b = withFallbacks(theirs.entries[i]);
    for (const [field, canon] of ENTRY_FIELDS) {
      if ((field === 'title' || field === 'text') && !textOk) tally.unscored += 1;
      else note(`entries[${i}].${field}`, canon(a?.[field] ?? null), canon(b?.[field] ?? null));
    }
  }
}

function withFallbacks(entry: EntryView | undefined): EntryView | undefined {
  if (!entry) return undefined;
  return { ...entry, published: entry.published ?? entry.updated, updated: entry.updated ?? entry.published };
}

const NO_SKIP: ReadonlySet<string> = new Set();

function noteField(tally: Tally, file: string, field: string, ours: unknown, theirs: unknown): void {
  if (theirs === null) {
    if (ours !== null) tally.extras += 1;
    return;
  }
  tally.compared += 1;
  const counts = (tally.byField[fieldClass(field)] ??= { compared: 0, agreed: 0 });
  counts.compared += 1;
  if (ours === theirs) {
    tally.agreed += 1;
    counts.agreed += 1;
  } else tally.disagreements.push({ file, field, ours, theirs });
}
