/** Readers shared by the NewsML-G2 and NITF mappers: urgency, version, status, caps. */
import type { Editorial, PubStatus } from '../model/item.js';
import { WiredeskError } from '../model/errors.js';

/** One item's body beyond this is refused (that item only): no wire story is 2 MB of text. */
export const MAX_WIRE_BODY_CHARS = 2 * 1024 * 1024;

export function emptyEditorial(): Editorial {
  return {
    urgency: null, version: null, pubStatus: 'usable', embargoUntil: null, editorialNote: null, slugline: null,
    signals: [], agencyItemId: null, agencyVersion: null, subjects: [],
  };
}

/** Urgency is 1 (flash) to 9; anything else is unknown. */
export function parseUrgency(value: string | null): number | null {
  if (value === null || !/^\s*\d\s*$/.test(value)) return null;
  const urgency = Number(value);
  return urgency >= 1 && urgency <= 9 ? urgency : null;
}

export function parseVersion(value: string | null): number | null {
  if (value === null || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  return Number(value);
}

/** A QCode's code part, lowercased: `stat:canceled` → `canceled`, `sig:correction` → `correction`. */
export function qcodeCode(qcode: string | null): string | null {
  if (!qcode) return null;
  const code = qcode.slice(qcode.indexOf(':') + 1).trim().toLowerCase();
  return code === '' ? null : code;
}

export function statusFromQcode(qcode: string | null): PubStatus {
  const code = qcodeCode(qcode);
  if (code === 'canceled' || code === 'cancelled') return 'canceled';
  if (code === 'withheld') return 'withheld';
  return 'usable';
}

export function checkBodySize(html: string, label: string): void {
  if (html.length > MAX_WIRE_BODY_CHARS) {
    throw new WiredeskError('PARSE_INVALID', `parse: item ${label} has a body of ${html.length} characters, over the ${MAX_WIRE_BODY_CHARS} limit; skipped`);
  }
}
