/**
 * Makes real-world feed XML acceptable to a strict XML parser without ever expanding a DTD:
 * leading noise, illegal characters, DOCTYPEs (hostile internal subsets included), trailing junk
 * and HTML entities XML does not know.
 */
import { mapEntitiesOutsideCdata } from './xml-entities.js';
import { readProlog, stripLeadingNoise } from './xml-prolog.js';

// XML 1.0 forbids these code points even as references; some CMSs emit them anyway.
const ILLEGAL_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function prepareXml(text: string): string {
  let xml = stripLeadingNoise(text).replace(ILLEGAL_XML_CHARS, '');
  xml = removeDoctype(xml);
  xml = cutAfterRoot(xml);
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
