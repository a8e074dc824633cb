/** Sums up an ingest pass in one line, plus one line per failed source. */
import type { RefreshOutcome } from './refresh-source.js';

export interface IngestSummary {
  line: string;
  failures: string[];
  added: number;
  updated: number;
  failed: number;
  /** Entries not stored because they were older than retention (README "Retention"). */
  tooOld: number;
}

export function summarizeOutcomes(outcomes: RefreshOutcome[]): IngestSummary {
  let added = 0;
  let updated = 0;
  let tooOld = 0;
  const failures: string[] = [];
  for (const o of outcomes) {
    if (o.status === 'failed') failures.push(`${o.sourceId}: [${o.error.code}] ${o.error.message}`);
    else {
      added += o.added;
      updated += o.updated;
      tooOld += o.tooOld;
    }
  }
  const ms = outcomes.reduce((max, o) => Math.max(max, o.ms), 0);
  const line = `ingest: ${outcomes.length} sources, ${added} new items, ${updated} updated, ${failures.length} failed, `
    + `${tooOld} skipped: older than retention (slowest ${ms} ms)`;
  return { line, failures, added, updated, failed: failures.length, tooOld };
}
