/**
 * Makes real-world feed XML acceptable to a strict XML parser without ever expanding a DTD:
 * leading noise, illegal characters, DOCTYPEs (hostile internal subsets included), trailing junk,
 * inline markup that xml2js would scramble, and HTML entities XML does not know.
 */
import { mapEntitiesOutsideCdata } from './xml-entities.js';
import { readProlog, stripLeadingNoise } from './xml-prolog.js';

// XML 1.0 forbids these code points even as references; some CMSs emit them anyway.
const ILLEGAL_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Atom text constructs holding inline XHTML: xml2js loses the order of mixed content, so they are
// turned into escaped HTML (CDATA) before parsing.
const XHTML_TEXT_CONSTRUCT = /<(content|summary|title|subtitle|rights)(\s[^>]*?)?>([\s\S]*?)<\/\1\s*>/g;
// RSS elements that should hold escaped HTML but sometimes hold raw tags.
const RSS_HTML_ELEMENT = /<(description|content:encoded)(\s[^>]*?)?>([\s\S]*?)<\/\1\s*>/g;
const XHTML_TYPE = /\b(?:type\s*=\s*["'](?:xhtml|application\/xhtml\+xml)["']|mode\s*=\s*["']xml["'])/;

export function prepareXml(text: string): string {
  let xml = stripLeadingNoise(text).replace(ILLEGAL_XML_CHARS, '');
  xml = removeDoctype(xml);
  xml = cutAfterRoot(xml);
  xml = xml.replace(XHTML_TEXT_CONSTRUCT, rewriteXhtmlConstruct);
  xml = xml.replace(RSS_HTML_ELEMENT, rewriteRawHtmlElement);
  return mapEntitiesOutsideCdata(xml);
}

/** Removes the DOCTYPE: its internal subset is where entity bombs and external entities live. */
function removeDoctype(xml: string): string {
  const { doctypeRange } = readProlog(xml);
  if (!doctypeRange) return xml;
  return xml.slice(0, doctypeRange[0]) + xml.slice(doctypeRange[1]);
}

/** Drops what some servers append after the root (PHP warnings, tracking snippets). */
function cutAfterRoot(xml: string): string {
  const root = readProlog(xml).root;
  if (!root) return xml;
  const close = xml.lastIndexOf(`</${root.name}`);
  if (close < root.end) return xml;
  const end = xml.indexOf('>', close);
  return end < 0 ? xml : xml.slice(0, end + 1);
}

function rewriteXhtmlConstruct(whole: string, name: string, attrs: string | undefined, inner: string): string {
  const attributes = attrs ?? '';
  if (!XHTML_TYPE.test(attributes) || attributes.trimEnd().endsWith('/')) return whole;
  const otherAttrs = attributes.replace(/\s(?:type|mode)\s*=\s*(?:"[^"]*"|'[^']*')/g, '');
  return `<${name}${otherAttrs} type="html">${toCdata(unwrapXhtmlDiv(inner))}</${name}>`;
}

function rewriteRawHtmlElement(whole: string, name: string, attrs: string | undefined, inner: string): string {
  if (!/<[A-Za-z/]/.test(inner) || inner.includes('<![CDATA[')) return whole;
  return `<${name}${attrs ?? ''}>${toCdata(inner)}</${name}>`;
}

/** Atom requires one wrapping XHTML `<div>`, which is not part of the content. */
function unwrapXhtmlDiv(inner: string): string {
  const match = /^\s*<(?:([\w.-]+):)?div\b[^>]*>([\s\S]*)<\/(?:[\w.-]+:)?div\s*>\s*$/.exec(inner);
  if (!match) return inner;
  const body = match[2] ?? '';
  const prefix = match[1];
  // `<xhtml:p>` → `<p>`: HTML readers do not know namespace prefixes.
  return prefix ? body.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1') : body;
}

function toCdata(text: string): string {
  return `<![CDATA[${text.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}
