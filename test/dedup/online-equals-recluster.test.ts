/**
 * The property the story lifecycle is built for: whatever order sources and items arrive in, in
 * however many refreshes or processes, the partition after ingest is the one `recluster` makes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import { partition, reclusterStore } from '../../src/dedup/recluster.js';
import { openStore } from '../../src/store/open-store.js';
import { buildCorpus, CORPUS_SOURCES, writeCorpusRss, type CorpusItem } from '../fixtures/stories/build-corpus.js';
import { ingestCorpus, ingestShuffled, pairScores, storiesByGuid } from './corpus-run.js';

const SEEDS = [1, 2, 3, 4, 5];
const CLI = resolve('dist/cli.js');
const corpus = buildCorpus();
const priorityOf = (id: string) => CORPUS_SOURCES.find((s) => s.id === id)?.priority ?? 0;

describe('online ingest equals recluster', () => {
  const reference = ingestCorpus(corpus, CORPUS_SOURCES);
  const expected = reference.storyOf;
  reference.store.close();

  it.each(SEEDS)('gives the recluster partition for arrival order %i (shuffled sources, items and refreshes)', (seed) => {
    const { store, storyOf } = ingestShuffled(corpus, CORPUS_SOURCES, seed);
    try {
      expect(storyOf).toEqual(expected);
      const before = partition(store);
      const report = reclusterStore(store, DEDUP_DEFAULTS, priorityOf, '2026-02-01T00:00:00Z');
      expect(report.moved).toBe(0);
      expect(partition(store)).toEqual(before);
      expect(pairScores(corpus, storyOf).recall).toBe(1);
    } finally {
      store.close();
    }
  });

  it('gives the same partition when the dates lie beyond the pruned window of earlier items (late arrivals)', () => {
    // The newest stories first, then a week earlier: their windows were pruned and are rebuilt.
    const late = corpus.map((c) => ({ ...c, published: shiftDays(c.published, -14 * Number(c.label < 'f')) }));
    const { store, storyOf } = ingestShuffled(late, CORPUS_SOURCES, 11);
    try {
      expect(reclusterStore(store, DEDUP_DEFAULTS, priorityOf, '2026-02-01T00:00:00Z').moved).toBe(0);
      expect(pairScores(late, storyOf)).toMatchObject({ precision: 1, recall: 1 });
    } finally {
      store.close();
    }
  });

  it('gives the recluster partition after two `wiredesk ingest` processes ran at once on one database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-two-ingests-'));
    const config = writeCorpusFeeds(dir, corpus);
    const ids = CORPUS_SOURCES.map((s) => s.id);
    // Each process takes every other source; the second waits on the lease the first holds.
    const runs = await Promise.all([0, 1].map((k) => cli(['ingest', '--wait', '120', '--config', config,
      ...ids.filter((_, i) => i % 2 === k).flatMap((id) => ['--source', id])])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const store = openStore(join(dir, 'wiredesk.db'));
    const online = storiesByGuid(store, corpus);
    store.close();
    expect(online.size).toBe(corpus.length);
    const recluster = await cli(['recluster', '--config', config]);
    expect(recluster.stdout).toMatch(/ 0 items moved/);
    const after = openStore(join(dir, 'wiredesk.db'));
    expect(storiesByGuid(after, corpus)).toEqual(online);
    expect(pairScores(corpus, online).precision).toBe(1);
    after.close();
  }, 120_000);
});

function shiftDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** One RSS file per corpus source (paragraphs as <p>), and a config reading them. */
function writeCorpusFeeds(dir: string, items: CorpusItem[]): string {
  writeCorpusRss(dir, items);
  const config = { database: 'wiredesk.db', retention: { days: 36500 }, sources: CORPUS_SOURCES.map((s) => ({ id: s.id, url: `${s.id}.rss`, kind: s.kind, priority: s.priority, language: s.language })) };
  writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify(config));
  return join(dir, 'feeds.config.json');
}
