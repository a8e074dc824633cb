/**
 * NITF 3.x → one FeedEntry: `head/docdata` (doc-id, urgency, date.issue, date.release,
 * date.expire, ed-msg, du-key, management-status), `body.head` (hedline, byline, dateline,
 * abstract) and `body.content`. Also used for NITF carried inside a NewsML-G2 `inlineXML`.
 */
import type { FeedEntry, ParsedFeed } from '../model/entry.js';
import type { Editorial, PubStatus } from '../model/item.js';
import { WiredeskError } from '../model/errors.js';
import { attr, child, children, innerMarkup, path, readWireTree, textOf, type WireNode } from './wire-xml.js';
import { checkBodySize, emptyEditorial, parseUrgency, parseVersion } from './wire-editorial.js';

/** NITF block elements that HTML spells otherwise; the rest keep their name (p, table, a, em, ul…). */
const NITF_TO_HTML: Record<string, string | null> = {
  block: 'div', hl1: 'h2', hl2: 'h3', 'body.content': null, 'body.head': null, 'body.end': null,
  media: null, 'media-reference': null, 'media-metadata': null, 'media-object': null, 'media-producer': null,
  'media-caption': 'p', classifier: null, 'chron': null, person: null, org: null, location: null, event: null,
  'object.title': null, money: null, num: null, function: null, virtloc: null, 'alt-code': null, copyrite: null,
  'copyrite.year': null, 'copyrite.holder': null, lang: null, pronounce: null, 'fn': null, note: 'aside', bq: 'blockquote',
  credit: null, 'ed-msg': null, 'tagline': 'p', 'nitf-table': 'div', 'nitf-table-metadata': null, 'nitf-table-summary': null,
  'nitf-col': null, 'nitf-colgroup': null, 'custom-table': null, 'table-reference': null, br: 'br', hr: 'hr',
};

export function parseNitf(text: string, documentUrl: string | null, label: string): ParsedFeed {
  const root = readWireTree(text, label);
  if (root.name !== 'nitf') throw new WiredeskError('PARSE_INVALID', `parse: ${label} has no <nitf> root; the agency feed is malformed`);
  const problems: string[] = [];
  const entries: FeedEntry[] = [];
  try {
    entries.push(nitfEntry(root, documentUrl, label));
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  return {
    format: 'nitf', title: textOf(path(root, 'head', 'title')), link: null,
    language: root.lang, base: documentUrl, entries, problems,
  };
}

/** The entry of one `<nitf>` element (a whole document, or the body of a NewsML-G2 item). */
export function nitfEntry(nitf: WireNode, base: string | null, label: string): FeedEntry {
  const docdata = path(nitf, 'head', 'docdata');
  const bodyHead = path(nitf, 'body', 'body.head');
  const content = path(nitf, 'body', 'body.content');
  const html = content ? innerMarkup(content, renameNitf) : '';
  const id = attr(child(docdata, 'doc-id'), 'id-string');
  checkBodySize(html, id ?? label);
  const abstract = child(bodyHead, 'abstract');
  return {
    guid: id, guidIsPermaLink: false, link: null, base,
    title: nitfHeadline(nitf),
    summary: abstract ? { value: innerMarkup(abstract, renameNitf), type: 'html' } : null,
    content: html.trim() === '' ? null : { value: html, type: 'html' },
    author: nitfByline(bodyHead),
    published: normOf(child(docdata, 'date.issue')),
    updated: null,
    categories: nitfKeywords(nitf),
    enclosures: [],
    language: nitf.lang ?? child(nitf, 'body')?.lang ?? null,
    dateline: nitfDateline(bodyHead),
    raw: { format: 'nitf', id, headline: nitfHeadline(nitf)?.value ?? null },
    editorial: nitfEditorial(docdata, id),
  };
}

function renameNitf(name: string): string | null {
  return name in NITF_TO_HTML ? NITF_TO_HTML[name] ?? null : name;
}

function nitfHeadline(nitf: WireNode): FeedEntry['title'] {
  const headline = textOf(path(nitf, 'body', 'body.head', 'hedline', 'hl1')) ?? textOf(path(nitf, 'head', 'title'));
  return headline ? { value: headline, type: 'text' } : null;
}

/** `By BERNARD CONDON<byttl>AP Business Writer</byttl>` → `BERNARD CONDON`. */
function nitfByline(bodyHead: WireNode | null): string | null {
  const byline = child(bodyHead, 'byline');
  if (!byline) return null;
  const person = textOf(child(byline, 'person'));
  const own = byline.children.filter((c): c is string => typeof c === 'string').join(' ').replace(/\s+/g, ' ').trim();
  const name = (person ?? own).replace(/^by\s+/i, '').replace(/[,;]\s*$/, '').trim();
  return name === '' ? textOf(byline) : name;
}

function nitfDateline(bodyHead: WireNode | null): string | null {
  const dateline = child(bodyHead, 'dateline');
  if (!dateline) return null;
  const place = dateline.children.filter((c) => typeof c === 'string' || c.name !== 'story.date');
  return textOf(child(dateline, 'location')) ?? textOf({ ...dateline, children: place });
}

function nitfKeywords(nitf: WireNode): string[] {
  const keywords = children(path(nitf, 'head', 'docdata', 'key-list'), 'keyword').map((k) => attr(k, 'key'));
  const subjects = children(path(nitf, 'head'), 'tobject').flatMap((t) => children(t, 'tobject.subject'))
    .map((s) => attr(s, 'tobject.subject.matter') ?? attr(s, 'tobject.subject.type'));
  return [...keywords, ...subjects].filter((k): k is string => k !== null);
}

function nitfEditorial(docdata: WireNode | null, id: string | null): Editorial {
  const edMsg = child(docdata, 'ed-msg');
  const duKey = child(docdata, 'du-key');
  const messageType = attr(edMsg, 'msg-type')?.toLowerCase() ?? null;
  const release = normOf(child(docdata, 'date.release'));
  const version = attr(duKey, 'version');
  return {
    ...emptyEditorial(),
    urgency: parseUrgency(attr(child(docdata, 'urgency'), 'ed-urg')),
    version: parseVersion(version),
    pubStatus: nitfStatus(attr(docdata, 'management-status'), messageType),
    embargoUntil: release,
    editorialNote: attr(edMsg, 'info') ?? textOf(edMsg),
    slugline: attr(duKey, 'key'),
    signals: messageType && ['correction', 'update', 'advisory', 'kill', 'withhold'].includes(messageType) ? [messageType] : [],
    agencyItemId: id,
    agencyVersion: version,
  };
}

function nitfStatus(status: string | null, messageType: string | null): PubStatus {
  const value = status?.toLowerCase();
  if (value === 'canceled' || value === 'cancelled' || messageType === 'kill') return 'canceled';
  if (value === 'withheld' || messageType === 'withhold') return 'withheld';
  return 'usable';
}

/** NITF dates: `norm="20151210T191044Z"` (ISO 8601 basic), else the element's text. */
function normOf(node: WireNode | null): string | null {
  const norm = attr(node, 'norm') ?? textOf(node);
  if (!norm) return null;
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?$/.exec(norm);
  if (!basic) return norm;
  const [, y, mo, d, h, mi, s, zone] = basic;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone ?? ''}`;
}
