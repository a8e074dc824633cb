/**
 * Makes real-world feed XML acceptable to a strict XML parser without ever handing it a DTD:
 * leading noise, illegal characters, DOCTYPEs (hostile internal subsets included: only the
 * bounded simple text entities of dtd-entities.ts are kept from them), trailing junk and HTML
 * entities XML does not know.
 */
import { entityExpander, readInternalEntities } from './dtd-entities.js';
import { mapC1Controls, mapEntitiesOutsideCdata } from './xml-entities.js';
import { readProlog, stripLeadingNoise } from './xml-prolog.js';

// XML 1.0 forbids these code points even as references; some CMSs emit them anyway.
const ILLEGAL_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function prepareXml(text: string): string {
  const { xml: withoutDoctype, entities } = removeDoctype(mapC1Controls(stripLeadingNoise(text).replace(ILLEGAL_XML_CHARS, '')));
  const xml = cutAfterRoot(withoutDoctype);
  return mapEntitiesOutsideCdata(xml, entityExpander(entities));
}

/** Removes the DOCTYPE: its internal subset is where entity bombs and external entities live. */
function removeDoctype(xml: string): { xml: string; entities: Map<string, string> } {
  const { doctypeRange } = readProlog(xml);
  if (!doctypeRange) return { xml, entities: new Map() };
  const entities = readInternalEntities(xml.slice(doctypeRange[0], doctypeRange[1]));
  return { xml: xml.slice(0, doctypeRange[0]) + xml.slice(doctypeRange[1]), entities };
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
