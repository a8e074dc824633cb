/**
 * Text constructs → TextValue: Atom 1.0 `type="text|html|xhtml"`, Atom 0.3 MIME types and
 * `mode="escaped|xml|base64"`, and RSS elements holding escaped HTML or raw tags.
 */
import { decodeHTML } from 'entities';
import type { TextValue } from '../model/entry.js';
import { firstNode } from './xml-nodes.js';
import type { XmlElement } from './xml-tree.js';

/** Tags a reader would render: a title holding them means HTML, not text about angle brackets. */
const HTML_TAG = /<\/?(?:a|abbr|b|br|cite|code|em|font|i|img|mark|p|q|s|small|span|strong|sub|sup|u)(?:\s[^<>]*)?\/?>/i;
const ESCAPED_TAG = /&lt;\/?(?:p|a|b|i|em|strong|br|div|span|img|ul|ol|li|blockquote|h[1-6])\b[^]{0,300}?&gt;/i;
const HTML_TYPES = new Set(['html', 'xhtml', 'text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text', 'text/plain']);
/** Decoded base64 bodies beyond this are cut: a text construct is not a file download. */
const MAX_BASE64_CHARS = 4 * 1024 * 1024;

export function atomText(node: XmlElement | undefined): TextValue | null {
  if (!node) return null;
  // A missing or empty type is text (RFC 4287 §3.1.1).
  const type = node.attrs.type?.trim().toLowerCase() || 'text';
  let text = node.text;
  if (node.attrs.mode?.trim().toLowerCase() === 'base64') text = decodeBase64(text) ?? text;
  else if (!node.markup && isBase64Type(type)) {
    // Atom 1.0: content of another media type is base64; it is readable only when it decodes to text.
    const decoded = decodeBase64(text);
    return decoded?.trim() ? { value: decoded, type: 'text' } : null;
  }
  if (text.trim() === '') return null;
  const base = node.attrs['xml:base'] ? { base: node.base } : {};
  if (node.markup) return { value: markupValue(text, type), type: 'html', ...base };
  if (HTML_TYPES.has(type)) return { value: undoDoubleEscape(text), type: 'html', ...base };
  if (TEXT_TYPES.has(type) || type.startsWith('text/')) return { value: text, type: 'text' };
  // Other XML media types (application/atom+xml, image/svg+xml…) are not a readable body.
  return null;
}

/**
 * Child elements of a construct: XHTML. Under `type="html"` (TypePad wrote it so) a wrapping
 * `<div>` with only text inside holds escaped HTML: that text is the HTML.
 */
function markupValue(text: string, type: string): string {
  const inner = unwrapXhtmlDiv(text);
  return HTML_TYPES.has(type) && type.includes('html') && !type.includes('xhtml') && !/<[a-z]/i.test(inner) ? decodeHTML(inner) : inner;
}

/** Media RSS `<media:description>` (also in `<media:group>`): a summary for entries without one. */
export function mediaDescription(entry: XmlElement): TextValue | null {
  const node = firstNode(entry, 'media:description') ?? firstNode(firstNode(entry, 'media:group'), 'media:description');
  if (!node || node.text.trim() === '') return null;
  return node.attrs.type?.trim().toLowerCase() === 'html' ? rssHtml(node) : { value: node.text, type: 'text' };
}

/** RFC 4287 §4.1.3.3: a media type that is neither text nor XML is base64-encoded. */
function isBase64Type(type: string): boolean {
  return type.includes('/') && !type.startsWith('text/') && !/[+/]xml$/.test(type) && !HTML_TYPES.has(type);
}

/** An RSS element: HTML unless it only ever held plain text, which HTML reads the same anyway. */
export function rssHtml(node: XmlElement | undefined): TextValue | null {
  if (!node || node.text.trim() === '') return null;
  const base = node.attrs['xml:base'] ? { base: node.base } : {};
  return { value: node.markup ? unwrapXhtmlDiv(node.text) : undoDoubleEscape(node.text), type: 'html', ...base };
}

/**
 * HTML escaped twice (`&amp;lt;p&amp;gt;`) reaches us as `&lt;p&gt;`: a reader would show the tags
 * as text. When the value has escaped tags and no real ones, it is unescaped once more.
 */
function undoDoubleEscape(html: string): string {
  if (/<[a-z!/]/i.test(html) || !ESCAPED_TAG.test(html)) return html;
  return decodeHTML(html);
}

/** An RSS title: plain text, unless the feed put tags in it (raw, or escaped as `&lt;b&gt;`). */
export function rssTitle(node: XmlElement | undefined): TextValue | null {
  if (!node || node.text.trim() === '') return null;
  const isHtml = node.markup || node.attrs.type === 'html' || HTML_TAG.test(node.text);
  return { value: node.text, type: isHtml ? 'html' : 'text' };
}

/** Atom requires one wrapping XHTML `<div>`, which is not part of the content. */
function unwrapXhtmlDiv(inner: string): string {
  const match = /^\s*<div\b[^>]*>([\s\S]*)<\/div>\s*$/.exec(inner);
  if (!match || /<\/div>[\s\S]*<div\b/.test(match[1] ?? '')) return inner;
  return match[1] ?? '';
}

/** The UTF-8 text a base64 value encodes; null when it is not base64 or not UTF-8 text. */
function decodeBase64(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  const decoded = Buffer.from(compact.slice(0, MAX_BASE64_CHARS), 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? null : decoded;
}
