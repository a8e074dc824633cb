/**
 * Untrusted feed HTML → HTML safe to show in a reader: an allowlist (sanitize-html), links and
 * images made absolute, only http(s)/mailto links and http(s) images.
 */
import sanitize from 'sanitize-html';
import type { IOptions } from 'sanitize-html';

export const ALLOWED_TAGS = [
  'p', 'br', 'a', 'img', 'ul', 'ol', 'li', 'blockquote', 'q', 'pre', 'code', 'em', 'strong', 'b', 'i',
  'u', 's', 'sub', 'sup', 'small', 'mark', 'del', 'ins', 'kbd', 'samp', 'var', 'time',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'colgroup', 'col', 'figure', 'figcaption', 'hr', 'dl', 'dt', 'dd', 'abbr', 'cite', 'span', 'div',
  'section', 'article', 'aside', 'header', 'footer', 'address', 'details', 'summary',
];

/** Dropped with everything inside: their text is code, styling, or a hidden document. */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'iframe', 'object', 'embed',
  'svg', 'math', 'title', 'head', 'xmp', 'noembed', 'noframes', 'frameset', 'applet', 'canvas', 'video', 'audio',
];

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_SCHEMES = new Set(['http:', 'https:']);
/** Inputs longer than this are cut before parsing: no article needs more. */
export const MAX_HTML_CHARS = 1024 * 1024;

export function sanitizeHtml(html: string, base: string | null): string {
  if (!html) return '';
  return sanitize(html.slice(0, MAX_HTML_CHARS), optionsFor(base)).trim();
}

function optionsFor(base: string | null): IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      abbr: ['title'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start'],
      time: ['datetime'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: DROPPED_WITH_CONTENT,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: linkAttributes(attribs, base) }),
      img: (tagName, attribs) => ({ tagName, attribs: imageAttributes(attribs, base) }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && (!frame.attribs.src || isTrackingPixel(frame.attribs)),
  };
}

function linkAttributes(attribs: Record<string, string>, base: string | null): Record<string, string> {
  const { href, rel: _ignored, ...rest } = attribs;
  const resolved = resolve(href, base, LINK_SCHEMES);
  return { ...(resolved ? { href: resolved } : {}), ...rest, rel: 'noopener noreferrer' };
}

function imageAttributes(attribs: Record<string, string>, base: string | null): Record<string, string> {
  const { src, ...rest } = attribs;
  const resolved = resolve(src, base, IMAGE_SCHEMES);
  return resolved ? { ...rest, src: resolved } : rest;
}

/** Absolute URL when its scheme is allowed, else undefined (the attribute is dropped). */
function resolve(value: string | undefined, base: string | null, schemes: Set<string>): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    // The URL parser strips tabs/newlines and leading spaces, so `jav&#9;ascript:` is seen as javascript:.
    const url = new URL(value.trim(), base ?? undefined);
    return schemes.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** 1×1 images are counters (feedburner, analytics), not content. */
function isTrackingPixel(attribs: Record<string, string>): boolean {
  return attribs.width === '1' && attribs.height === '1';
}
