/** The wire formats by their root element, and their entry point for parseDocument. */
import type { FeedFormat, ParsedFeed } from '../model/entry.js';
import { isNewsmlRoot, parseNewsmlG2 } from './newsml-g2.js';
import { parseNitf } from './nitf.js';

export type WireFormat = Extract<FeedFormat, 'newsml' | 'nitf'>;

export function wireFormatOfRoot(localName: string): WireFormat | null {
  if (isNewsmlRoot(localName)) return 'newsml';
  return localName.toLowerCase() === 'nitf' ? 'nitf' : null;
}

export function isWireFormat(format: FeedFormat): format is WireFormat {
  return format === 'newsml' || format === 'nitf';
}

export function parseWireDocument(text: string, format: WireFormat, documentUrl: string | null, label: string): ParsedFeed {
  return format === 'newsml' ? parseNewsmlG2(text, documentUrl, label) : parseNitf(text, documentUrl, label);
}
