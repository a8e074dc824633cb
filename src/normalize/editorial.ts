/** The agency's editorial metadata made uniform: dates in UTC, notes folded and capped. */
import type { Editorial } from '../model/item.js';
import { foldWhitespace } from './html-to-text.js';
import { parseDate } from './parse-date.js';

const MAX_NOTE_CHARS = 2000;
const MAX_SIGNALS = 20;
const MAX_SUBJECTS = 100;

export function normalizeEditorial(raw: Editorial, timezone: string | null): Editorial {
  return {
    urgency: raw.urgency,
    version: raw.version,
    pubStatus: raw.pubStatus,
    embargoUntil: parseDate(raw.embargoUntil, { timezone }),
    editorialNote: capped(raw.editorialNote, MAX_NOTE_CHARS),
    slugline: capped(raw.slugline, 200),
    signals: [...new Set(raw.signals.map((s) => s.trim().toLowerCase()).filter((s) => /^[a-z0-9._-]{1,40}$/.test(s)))].slice(0, MAX_SIGNALS),
    agencyItemId: capped(raw.agencyItemId, 500),
    agencyVersion: capped(raw.agencyVersion, 50),
    subjects: raw.subjects.slice(0, MAX_SUBJECTS).map((s) => ({ qcode: capped(s.qcode, 200) ?? '', name: capped(s.name, 200) })),
  };
}

function capped(value: string | null, max: number): string | null {
  if (value === null) return null;
  const folded = foldWhitespace(value).slice(0, max).trim();
  return folded === '' ? null : folded;
}
