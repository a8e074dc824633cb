/**
 * The RFC 4287 rules we can check without a schema, plus the W3C feed validator's URI and date
 * rules. Returns one message per violation (empty when the document passes).
 */
import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ABSOLUTE_URI = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
const URN = /^urn:[a-zA-Z0-9][a-zA-Z0-9-]{1,31}:([a-zA-Z0-9()+,.:=@;$_!*'-]|%[0-9A-Fa-f]{2})+$/;
const TAG_URI = /^tag:([a-z0-9\-._]+?@)?[a-z0-9.-]+?,\d{4}(-\d{2}(-\d{2})?)?:[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
const LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const TEXT_TYPES = ['text', 'html', 'xhtml'];

const kids = (el: Element, name?: string): Element[] =>
  el.children.filter((c): c is Element => c.type === 'tag' && (name === undefined || (c as Element).name === name));
const textOf = (el: Element): string => el.children.map((c) => ('data' in c ? String(c.data) : c.type === 'tag' ? textOf(c as Element) : '')).join('');

export function isValidUri(value: string): boolean {
  if (value.startsWith('urn:')) return URN.test(value);
  if (value.startsWith('tag:')) return TAG_URI.test(value);
  return ABSOLUTE_URI.test(value) && (!/^https?:/.test(value) || /^\w+:\/\/[^/]/.test(value));
}

export function checkAtom(xml: string): string[] {
  const problems: string[] = [];
  const doc = parseDocument(xml, { xmlMode: true });
  const feed = doc.children.find((c): c is Element => c.type === 'tag');
  if (feed?.name !== 'feed' || feed.attribs['xmlns'] !== 'http://www.w3.org/2005/Atom') return ['root is not atom:feed'];
  const say = (where: string, what: string) => problems.push(`${where}: ${what}`);
  checkLang(feed, 'feed', say);
  checkCommon(feed, 'feed', say);
  const entries = kids(feed, 'entry');
  const feedHasAuthor = kids(feed, 'author').length > 0;
  if (!kids(feed, 'link').some((l) => l.attribs['rel'] === 'self')) say('feed', 'no rel="self" link');
  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    const where = `entry[${i}]`;
    checkLang(entry, where, say);
    checkCommon(entry, where, say);
    const id = kids(entry, 'id')[0];
    if (id !== undefined) {
      if (ids.has(textOf(id))) say(where, `duplicate id ${textOf(id)}`);
      ids.add(textOf(id));
    }
    for (const name of ['published', 'summary', 'content', 'rights', 'source']) {
      if (kids(entry, name).length > 1) say(where, `more than one ${name}`);
    }
    for (const name of ['published']) kids(entry, name).forEach((d) => RFC3339.test(textOf(d)) || say(where, `${name} not RFC 3339`));
    const content = kids(entry, 'content')[0];
    if (content === undefined && !kids(entry, 'link').some((l) => (l.attribs['rel'] ?? 'alternate') === 'alternate')) say(where, 'no content and no alternate link');
    if (content?.attribs['src'] !== undefined && kids(entry, 'summary').length === 0) say(where, 'content with src but no summary');
    if (!feedHasAuthor && kids(entry, 'author').length === 0) say(where, 'no author in entry or feed');
    kids(entry, 'source').forEach((source) => {
      // RFC 4287 says SHOULD; the W3C validator reports a missing one as an error.
      for (const name of ['id', 'title', 'updated']) if (kids(source, name).length !== 1) say(`${where}.source`, `needs exactly one ${name}`);
      kids(source, 'updated').forEach((d) => RFC3339.test(textOf(d)) || say(`${where}.source`, 'updated not RFC 3339'));
      kids(source, 'id').forEach((s) => isValidUri(textOf(s)) || say(`${where}.source`, `id not an absolute URI: ${textOf(s)}`));
      kids(source, 'link').forEach((l) => isValidUri(l.attribs['href'] ?? '') || say(`${where}.source`, 'link href not absolute'));
    });
  });
  return problems;
}

/** Rules shared by atom:feed and atom:entry. */
function checkCommon(el: Element, where: string, say: (where: string, what: string) => void): void {
  for (const name of ['id', 'title', 'updated']) {
    const n = kids(el, name).length;
    if (n !== 1) say(where, `${n} ${name} elements (exactly one required)`);
  }
  kids(el, 'id').forEach((id) => isValidUri(textOf(id)) || say(where, `id not an absolute URI: ${textOf(id)}`));
  kids(el, 'updated').forEach((d) => RFC3339.test(textOf(d)) || say(where, `updated not RFC 3339: ${textOf(d)}`));
  for (const name of ['title', 'subtitle', 'summary', 'rights']) {
    kids(el, name).forEach((t) => TEXT_TYPES.includes(t.attribs['type'] ?? 'text') || say(where, `${name} type "${t.attribs['type']}"`));
  }
  kids(el, 'category').forEach((c) => (c.attribs['term'] ?? '') !== '' || say(where, 'category without term'));
  kids(el, 'link').forEach((l) => isValidUri(l.attribs['href'] ?? '') || say(where, `link href not absolute: ${l.attribs['href']}`));
  kids(el, 'link')
    .filter((l) => l.attribs['rel'] === 'enclosure')
    .forEach((l) => (l.attribs['type'] ?? '').includes('/') || say(where, 'enclosure link without a media type'));
  const alternates = kids(el, 'link').filter((l) => (l.attribs['rel'] ?? 'alternate') === 'alternate').map((l) => `${l.attribs['type'] ?? ''}|${l.attribs['hreflang'] ?? ''}`);
  if (new Set(alternates).size !== alternates.length) say(where, 'two alternate links with the same type and hreflang');
  kids(el, 'author').forEach((a) => kids(a, 'name').length === 1 || say(where, 'author without exactly one name'));
}

function checkLang(el: Element, where: string, say: (where: string, what: string) => void): void {
  const lang = el.attribs['xml:lang'];
  if (lang !== undefined && lang !== '' && !LANGUAGE.test(lang)) say(where, `xml:lang "${lang}" is not a language tag`);
}
