/**
 * NewsML-G2 (IPTC, 2.x) → FeedEntries: a `newsMessage` carrying several items, a single
 * `newsItem`, or a `packageItem` (lists referring to items). Text comes from
 * `contentSet/inlineXML` (XHTML or NITF) or `inlineData`; pictures and video from `remoteContent`.
 * An item that cannot be read fails alone (ParsedFeed.problems); so does a package reference to
 * an item the message does not carry.
 */
import type { FeedEntry, ParsedFeed, RawEnclosure, TextValue } from '../model/entry.js';
import type { Editorial } from '../model/item.js';
import { WiredeskError } from '../model/errors.js';
import { nitfEntry } from './nitf.js';
import { checkBodySize, emptyEditorial, parseUrgency, parseVersion, qcodeCode, statusFromQcode } from './wire-editorial.js';
import { attr, child, children, descendants, innerMarkup, path, readWireTree, textOf, type WireNode } from './wire-xml.js';

const ROOTS = new Set(['newsmessage', 'newsitem', 'packageitem']);
const OTHER_ITEMS = new Set(['conceptitem', 'knowledgeitem', 'planningitem', 'catalogitem']);
/** Problems listed one by one up to this many; the rest are counted. */
const MAX_PROBLEMS = 20;
const MAX_ITEMS = 5000;

export function isNewsmlRoot(localName: string): boolean {
  return ROOTS.has(localName.toLowerCase());
}

export function parseNewsmlG2(text: string, documentUrl: string | null, label: string): ParsedFeed {
  const root = readWireTree(text, label);
  if (!ROOTS.has(root.name)) throw new WiredeskError('PARSE_INVALID', `parse: ${label} has no newsMessage, newsItem or packageItem root`);
  const items = root.name === 'newsmessage' ? messageItems(root) : [root];
  const problems: string[] = [];
  const news = newestVersions(items.filter((i) => i.name === 'newsitem')).slice(0, MAX_ITEMS);
  const sent = new Set(news.map((i) => attr(i, 'guid')).filter((g): g is string => g !== null));
  for (const pkg of items.filter((i) => i.name === 'packageitem')) problems.push(...packageProblems(pkg, sent));
  const others = items.filter((i) => OTHER_ITEMS.has(i.name)).length;
  if (others > 0) problems.push(`parse: ${label} carries ${others} concept, knowledge, planning or catalog item(s); only news items are read`);
  const entries: FeedEntry[] = [];
  for (const item of news) {
    try {
      entries.push(newsItemEntry(item, documentUrl));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return {
    format: 'newsml', title: textOf(path(root, 'header', 'sender')) ?? textOf(path(root, 'itemMeta', 'title')),
    link: null, language: null, base: documentUrl, entries, problems: capProblems(problems),
  };
}

/** A message carrying several versions of one item (a story and its kill) delivers the newest only. */
function newestVersions(items: WireNode[]): WireNode[] {
  const byGuid = new Map<string, WireNode>();
  const kept: WireNode[] = [];
  for (const item of items) {
    const guid = attr(item, 'guid');
    if (guid === null) {
      kept.push(item);
      continue;
    }
    const seen = byGuid.get(guid);
    if (seen === undefined) kept.push(item);
    else if ((parseVersion(attr(item, 'version')) ?? 0) >= (parseVersion(attr(seen, 'version')) ?? 0)) kept[kept.indexOf(seen)] = item;
    else continue;
    byGuid.set(guid, item);
  }
  return kept;
}

function messageItems(message: WireNode): WireNode[] {
  const set = child(message, 'itemset');
  return set ? set.children.filter((c): c is WireNode => typeof c !== 'string') : [];
}

/** Every reference of a package to an item that is not in the document is reported. */
function packageProblems(pkg: WireNode, sent: Set<string>): string[] {
  const guid = attr(pkg, 'guid') ?? '(no guid)';
  return descendants(pkg, 'itemref').map((ref) => attr(ref, 'residref'))
    .filter((ref): ref is string => ref !== null && !sent.has(ref))
    .map((ref) => `parse: package ${guid} refers to item ${ref}, which was never sent in this document; that reference is skipped`);
}

function capProblems(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `parse: and ${problems.length - MAX_PROBLEMS} more problems like these`];
}

function newsItemEntry(item: WireNode, base: string | null): FeedEntry {
  const guid = attr(item, 'guid');
  const itemMeta = child(item, 'itemmeta');
  const contentMeta = child(item, 'contentmeta');
  const body = readContentSet(child(item, 'contentset'), base, guid ?? '(no guid)');
  const headline = textOf(mainHeadline(contentMeta)) ?? textOf(child(itemMeta, 'title')) ?? body.nitf?.title?.value ?? null;
  return {
    guid, guidIsPermaLink: false, link: null, base,
    title: headline ? { value: headline, type: 'text' } : null,
    summary: summaryOf(contentMeta) ?? body.nitf?.summary ?? null,
    content: body.content,
    author: textOf(child(contentMeta, 'by'))?.replace(/^by\s+/i, '') ?? textOf(path(contentMeta, 'creator', 'name')) ?? body.nitf?.author ?? null,
    published: textOf(child(contentMeta, 'contentcreated')) ?? textOf(child(itemMeta, 'firstcreated')) ?? textOf(child(itemMeta, 'versioncreated')),
    updated: textOf(child(itemMeta, 'versioncreated')),
    categories: subjectsOf(contentMeta).map((s) => s.name ?? s.qcode),
    enclosures: body.enclosures,
    language: attr(child(contentMeta, 'language'), 'tag') ?? item.lang,
    dateline: textOf(child(contentMeta, 'dateline')) ?? textOf(path(contentMeta, 'located', 'name')) ?? body.nitf?.dateline ?? null,
    raw: { format: 'newsml', guid, version: attr(item, 'version'), headline },
    editorial: newsItemEditorial(item, itemMeta, contentMeta),
  };
}

function mainHeadline(contentMeta: WireNode | null): WireNode | null {
  const headlines = children(contentMeta, 'headline');
  return headlines.find((h) => !attr(h, 'role') || /main/i.test(attr(h, 'role') ?? '')) ?? headlines[0] ?? null;
}

function summaryOf(contentMeta: WireNode | null): TextValue | null {
  const description = children(contentMeta, 'description').find((d) => /summary|caption|abstract/i.test(attr(d, 'role') ?? 'summary'));
  const text = textOf(description);
  return text ? { value: text, type: 'text' } : null;
}

function subjectsOf(contentMeta: WireNode | null): Editorial['subjects'] {
  return children(contentMeta, 'subject').flatMap((s) => {
    const qcode = attr(s, 'qcode') ?? attr(s, 'literal');
    return qcode ? [{ qcode, name: textOf(child(s, 'name')) }] : [];
  });
}

function newsItemEditorial(item: WireNode, itemMeta: WireNode | null, contentMeta: WireNode | null): Editorial {
  const version = attr(item, 'version');
  const notes = children(itemMeta, 'ednote').map(textOf).filter((n): n is string => n !== null);
  const signals = children(itemMeta, 'signal').map((s) => qcodeCode(attr(s, 'qcode') ?? attr(s, 'literal')))
    .filter((s): s is string => s !== null);
  return {
    ...emptyEditorial(),
    urgency: parseUrgency(textOf(child(contentMeta, 'urgency'))),
    version: parseVersion(version),
    pubStatus: statusFromQcode(attr(child(itemMeta, 'pubstatus'), 'qcode')),
    embargoUntil: textOf(child(itemMeta, 'embargoed')),
    editorialNote: notes.length > 0 ? notes.join('\n') : null,
    slugline: textOf(child(contentMeta, 'slugline')),
    signals: [...new Set(signals)],
    agencyItemId: attr(item, 'guid'),
    agencyVersion: version,
    subjects: subjectsOf(contentMeta),
  };
}

interface ContentSetText {
  content: TextValue | null;
  enclosures: RawEnclosure[];
  /** When the text is NITF: what its body.head says (headline, byline, dateline, abstract). */
  nitf: FeedEntry | null;
}

function readContentSet(set: WireNode | null, base: string | null, label: string): ContentSetText {
  const result: ContentSetText = { content: null, enclosures: [], nitf: null };
  for (const part of set?.children ?? []) {
    if (typeof part === 'string') continue;
    if (part.name === 'remotecontent') result.enclosures.push(...remoteContent(part));
    if (result.content !== null) continue;
    if (part.name === 'inlinexml') readInlineXml(part, base, label, result);
    else if (part.name === 'inlinedata') result.content = inlineData(part);
  }
  if (result.content) checkBodySize(result.content.value, label);
  return result;
}

function readInlineXml(part: WireNode, base: string | null, label: string, into: ContentSetText): void {
  const nitf = child(part, 'nitf');
  if (nitf) {
    into.nitf = nitfEntry(nitf, base, label);
    into.content = into.nitf.content;
    return;
  }
  const html = child(part, 'html');
  const body = html ? child(html, 'body') : null;
  const markup = innerMarkup(body ?? part);
  if (markup.trim() !== '') into.content = { value: markup, type: 'html' };
}

function inlineData(part: WireNode): TextValue | null {
  const text = part.children.filter((c): c is string => typeof c === 'string').join('');
  if (text.trim() === '') return null;
  return /html/i.test(attr(part, 'contenttype') ?? '') ? { value: text, type: 'html' } : { value: text, type: 'text' };
}

function remoteContent(part: WireNode): RawEnclosure[] {
  const href = attr(part, 'href');
  if (!href) return [];
  const size = parseVersion(attr(part, 'size'));
  return [{ url: href, type: attr(part, 'contenttype'), length: size }];
}
