/**
 * Wire metadata in the emitted formats: extension elements in the wiredesk namespace (Atom, RSS),
 * `_wiredesk.wire` in JSON Feed, corrections marked in the title and as a category in every
 * format, and RFC 6721 `at:deleted-entry` tombstones for killed items in Atom.
 */
import type { Extension } from 'feed';
import type { DeletedEntry } from '../model/curated.js';
import type { Editorial } from '../model/item.js';
import type { PreparedTombstone, PreparedWire } from './prepared.js';
import { attrForXmlJs, escapeMarkup, stripXmlIllegal, textForXmlJs } from './xml-text.js';

export const WIRE_NAMESPACE = 'urn:wiredesk:ns:wire:1.0';
export const TOMBSTONE_NAMESPACE = 'http://purl.org/atompub/tombstones/1.0';
export const CORRECTION_CATEGORY = 'correction';

export function prepareWire(editorial: Editorial | undefined): PreparedWire | null {
  if (!editorial) return null;
  const clean = (value: string | null) => (value === null ? null : stripXmlIllegal(value));
  return {
    urgency: editorial.urgency, version: editorial.version, pubStatus: editorial.pubStatus,
    embargoUntil: editorial.embargoUntil, editorialNote: clean(editorial.editorialNote), slugline: clean(editorial.slugline),
    signals: editorial.signals.map(stripXmlIllegal), agencyItemId: clean(editorial.agencyItemId),
    agencyVersion: clean(editorial.agencyVersion),
    subjects: editorial.subjects.map((s) => ({ qcode: stripXmlIllegal(s.qcode), name: clean(s.name) })),
  };
}

/** A correction says so where every reader looks: its title (unless the agency already did). */
export function correctionTitle(title: string, wire: PreparedWire | null): string {
  if (!wire?.signals.includes(CORRECTION_CATEGORY) || /^\s*correct(ed|ion)\b/i.test(title)) return title;
  return `Correction: ${title}`;
}

export function correctionCategories(categories: string[], wire: PreparedWire | null): string[] {
  if (!wire?.signals.includes(CORRECTION_CATEGORY) || categories.includes(CORRECTION_CATEGORY)) return categories;
  return [...categories, CORRECTION_CATEGORY];
}

/** The wire fields as [local name, attributes, text] triples, shared by Atom and RSS. */
function wireFields(wire: PreparedWire): Array<[string, Record<string, string>, string | null]> {
  const fields: Array<[string, Record<string, string>, string | null]> = [];
  if (wire.urgency !== null) fields.push(['urgency', {}, String(wire.urgency)]);
  if (wire.version !== null) fields.push(['version', {}, String(wire.version)]);
  fields.push(['pubStatus', {}, wire.pubStatus]);
  if (wire.embargoUntil !== null) fields.push(['embargoUntil', {}, wire.embargoUntil]);
  if (wire.editorialNote !== null) fields.push(['editorialNote', {}, wire.editorialNote]);
  if (wire.slugline !== null) fields.push(['slugline', {}, wire.slugline]);
  for (const signal of wire.signals) fields.push(['signal', {}, signal]);
  if (wire.agencyItemId !== null) {
    fields.push(['agencyItem', { id: wire.agencyItemId, ...(wire.agencyVersion === null ? {} : { version: wire.agencyVersion }) }, null]);
  }
  for (const subject of wire.subjects) fields.push(['subject', { qcode: subject.qcode }, subject.name]);
  return fields;
}

export function atomWireElements(wire: PreparedWire | null): string[] {
  if (wire === null) return [];
  return wireFields(wire).map(([name, attrs, text]) => {
    const attributes = Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeMarkup(v)}"`).join('');
    return text === null ? `<wd:${name}${attributes}/>` : `<wd:${name}${attributes}>${escapeMarkup(text)}</wd:${name}>`;
  });
}

export function rssWireExtensions(wire: PreparedWire | null): Extension[] {
  if (wire === null) return [];
  return wireFields(wire).map(([name, attrs, text]) => {
    const attributes = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, attrForXmlJs(v)]));
    const objects = {
      ...(Object.keys(attributes).length > 0 ? { _attributes: attributes } : {}),
      ...(text === null ? {} : { _text: textForXmlJs(text) }),
    };
    return { name: `wd:${name}`, objects };
  });
}

export function jsonWire(wire: PreparedWire | null): Record<string, unknown> {
  if (wire === null) return {};
  return {
    wire: {
      urgency: wire.urgency, version: wire.version, pub_status: wire.pubStatus, embargo_until: wire.embargoUntil,
      editorial_note: wire.editorialNote, slugline: wire.slugline, signals: wire.signals,
      agency_item_id: wire.agencyItemId, agency_version: wire.agencyVersion, subjects: wire.subjects,
      correction: wire.signals.includes(CORRECTION_CATEGORY),
    },
  };
}

export function prepareTombstones(deleted: DeletedEntry[] | undefined, refOf: (entry: DeletedEntry) => string): PreparedTombstone[] {
  const seen = new Set<string>();
  const tombstones: PreparedTombstone[] = [];
  for (const entry of deleted ?? []) {
    const ref = refOf(entry);
    const when = new Date(entry.when);
    if (seen.has(ref) || Number.isNaN(when.getTime())) continue;
    seen.add(ref);
    tombstones.push({ ref, when, comment: entry.comment === null ? null : stripXmlIllegal(entry.comment) });
  }
  return tombstones;
}

export function atomTombstones(tombstones: PreparedTombstone[]): string {
  return tombstones.map((t) => {
    const comment = t.comment === null ? '' : `<at:comment>${escapeMarkup(t.comment)}</at:comment>`;
    return `\n    <at:deleted-entry ref="${escapeMarkup(t.ref)}" when="${t.when.toISOString()}">${comment}</at:deleted-entry>`;
  }).join('');
}
