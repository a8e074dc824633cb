/**
 * Evaluation on text the project did not write: real article texts (WIREDESK_STORY_CORPUS: a
 * directory such as Readability's test/test-pages) with the variants partners apply, through real
 * feeds and `runIngest` (two passes: originals, then updates and re-posts). Prints pairwise
 * precision, recall, F1 and lost stories; skipped without the corpus.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { partition, reclusterStore } from '../../src/dedup/recluster.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { firstPass, PUBLIC_SOURCES, readArticles, rssOf, secondPass, type PublicItem } from './public-variants.js';

const CORPUS = process.env.WIREDESK_STORY_CORPUS ?? '';

describe.skipIf(CORPUS === '')('stories on a public corpus', () => {
  it('reaches pairwise F1 ≥ 0.98 with no story lost, and ingest equals recluster', async () => {
    const articles = readArticles(CORPUS);
    const first = firstPass(articles, '2026-11-20T06:00:00Z');
    const second = secondPass(articles, first);
    const dir = mkdtempSync(join(tmpdir(), 'wd-public-'));
    const config = { database: join(dir, 'wiredesk.db'), sources: PUBLIC_SOURCES.map((s) => ({ ...s, url: join(dir, `${s.id}.rss`) })) };
    const loaded = parseConfigText(JSON.stringify(config), join(dir, 'feeds.config.json'));
    const store = openStore(config.database);
    try {
      for (const pass of [first, [...first.filter((f) => !second.some((s) => s.guid === f.guid)), ...second]]) {
        for (const s of PUBLIC_SOURCES) writeFileSync(join(dir, `${s.id}.rss`), rssOf(s.id, pass.filter((p) => p.source === s.id)));
        // Partners before wires, one source per pass (as separate cron runs would): the late wire
        // originals must still gather their teasers and copies.
        for (const s of [...PUBLIC_SOURCES].reverse()) await runIngest(loaded, store, silentLogger(), { sourceIds: [s.id] });
      }
      const items = [...new Map([...first, ...second].map((i) => [`${i.source}\u0000${i.guid}`, i])).values()];
      const scores = score(store, items);
      process.stdout.write(`public corpus: ${articles.length} articles, ${items.length} items; precision ${scores.precision.toFixed(3)}, `
        + `recall ${scores.recall.toFixed(3)}, F1 ${scores.f1.toFixed(3)}, lost ${scores.lost.length}\n`
        + `  missed: ${scores.misses.join('; ')}\n  false merges: ${scores.falseMerges.join('; ')}\n`);
      const online = partition(store);
      reclusterStore(store, loaded.config.dedup, (id) => PUBLIC_SOURCES.find((s) => s.id === id)?.priority ?? 0, new Date().toISOString());
      expect(partition(store)).toEqual(online);
      expect(scores.f1).toBeGreaterThanOrEqual(0.98);
      expect(scores.lost).toEqual([]);
    } finally {
      store.close();
    }
  }, 600_000);
});

function score(store: Store, items: PublicItem[]) {
  const storyOf = (i: PublicItem) => store.items.findByIdentity(i.source, `guid:${i.guid}`)?.storyId ?? `missing:${i.guid}`;
  const stories = items.map(storyOf);
  let tp = 0, predicted = 0, truth = 0;
  const misses: string[] = [];
  const falseMerges: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const same = items[i]!.label === items[j]!.label;
      const together = stories[i] === stories[j];
      truth += Number(same);
      predicted += Number(together);
      tp += Number(same && together);
      if (same && !together) misses.push(`${items[i]!.guid} / ${items[j]!.guid}`);
      if (together && !same) falseMerges.push(`${items[i]!.guid} ~ ${items[j]!.guid}`);
    }
  }
  const precision = predicted === 0 ? 1 : tp / predicted;
  const recall = truth === 0 ? 1 : tp / truth;
  const labelOfItem = new Map(items.map((i) => [store.items.findByIdentity(i.source, `guid:${i.guid}`)?.id ?? '', i.label]));
  const shown = new Set([...new Set(stories)].map((s) => labelOfItem.get(store.stories.get(s)?.canonicalItemId ?? '')));
  const lost = [...new Set(items.map((i) => i.label))].filter((l) => !shown.has(l));
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), lost, misses, falseMerges };
}
