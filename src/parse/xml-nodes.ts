/** Small readers over the raw XML nodes of rss-parser-adapter.ts. */
import type { RawEnclosure } from '../model/entry.js';
import type { XmlElement } from './rss-parser-adapter.js';

export function nodesOf(element: XmlElement, name: string): unknown[] {
  const value = element[name];
  return Array.isArray(value) ? value : [];
}

export function attrsOf(node: unknown): Record<string, string> {
  if (typeof node !== 'object' || node === null) return {};
  const attrs = (node as { $?: unknown }).$;
  return typeof attrs === 'object' && attrs !== null ? (attrs as Record<string, string>) : {};
}

/** The element's own attributes (`$` of an item/entry/channel). */
export function ownAttrs(element: XmlElement): Record<string, string> {
  const attrs = element.$;
  return typeof attrs === 'object' && attrs !== null ? (attrs as Record<string, string>) : {};
}

/** The text of a node; for an element with child elements, their texts in document-ish order. */
export function textOf(node: unknown): string | null {
  if (typeof node === 'string') return node;
  if (typeof node !== 'object' || node === null) return null;
  const record = node as Record<string, unknown>;
  if (typeof record._ === 'string') return record._;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === '$' || !Array.isArray(value)) continue;
    for (const child of value) {
      const text = textOf(child);
      if (text) parts.push(text);
    }
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

/** The first non-blank text among the named child elements, trimmed. */
export function firstText(element: XmlElement, ...names: string[]): string | null {
  for (const name of names) {
    for (const node of nodesOf(element, name)) {
      const text = textOf(node)?.trim();
      if (text) return text;
    }
  }
  return null;
}

export function allTexts(element: XmlElement, ...names: string[]): string[] {
  const texts: string[] = [];
  for (const name of names) {
    for (const node of nodesOf(element, name)) {
      const text = textOf(node)?.trim();
      if (text) texts.push(text);
    }
  }
  return texts;
}

/** Resolves an xml:base against the base in force; an unusable value keeps the outer base. */
export function resolveBase(xmlBase: string | undefined, outer: string | null): string | null {
  if (!xmlBase?.trim()) return outer;
  try {
    return new URL(xmlBase.trim(), outer ?? undefined).href;
  } catch {
    return outer;
  }
}

export function toLength(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  return Number.parseInt(value, 10);
}

/** Media RSS `<media:content>` elements, also those grouped in `<media:group>`. */
export function mediaEnclosures(element: XmlElement): RawEnclosure[] {
  const contents = [
    ...nodesOf(element, 'media:content'),
    ...nodesOf(element, 'media:group').flatMap((group) => nodesOf(group as XmlElement, 'media:content')),
  ];
  const enclosures: RawEnclosure[] = [];
  for (const node of contents) {
    const attrs = attrsOf(node);
    if (!attrs.url?.trim()) continue;
    enclosures.push({ url: attrs.url.trim(), type: attrs.type?.trim() || null, length: toLength(attrs.fileSize) });
  }
  return enclosures;
}
