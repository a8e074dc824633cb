/**
 * String hygiene for emit. Everything handed to the `feed` package or written as raw XML passes
 * through here, because `feed` 6 (and the xml-js serializer under it) trusts its input.
 */

/** Characters XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const MARKUP_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function stripXmlIllegal(value: string): string {
  return value.replace(XML_ILLEGAL, '');
}

/** Escapes for XML text, XML attributes and HTML alike (we write all of them quoted with `"`). */
export function escapeMarkup(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => MARKUP_ESCAPES[ch] ?? ch);
}

/**
 * For a value xml-js writes as element text. xml-js first turns every `&amp;` back into `&`
 * (to avoid double escaping), so a literal "&amp;" in a title would be lost; pre-escaping `&`
 * makes its un-escape/escape round trip exact.
 */
export function textForXmlJs(value: string): string {
  return value.replace(/&/g, '&amp;');
}

/** For an attribute value xml-js writes verbatim (it escapes only `"`). */
export function attrForXmlJs(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/**
 * For a value xml-js wraps in CDATA. It splits only the FIRST `]]>` (String.replace with a
 * string); a second one would close the section early and break the document, so we split every
 * later one ourselves and leave the first to xml-js.
 */
export function cdataForXmlJs(value: string): string {
  const parts = value.split(']]>');
  if (parts.length <= 2) return value;
  const [first = '', second = '', ...rest] = parts;
  return `${first}]]>${[second, ...rest].join(']]]]><![CDATA[>')}`;
}
