/**
 * Differential test: every fixture feed parsed by wiredesk (decode → parse → normalize, as
 * `wiredesk parse` does) and by Universal Feed Parser (Debian's python3-feedparser), compared field
 * by field (see differential.ts for what is compared and how). Skipped only where
 * python3-feedparser is missing; .ci/run installs it.
 *
 * With FEEDPARSER_CORPUS=/path/to/feedparser (a checkout of github:kurtmckee/feedparser, or its
 * tests/ folder, kept outside this repo), the same comparison runs over feedparser's whole test
 * corpus and prints agreement per field and every disagreement by class (DIFF_REPORT=FILE writes
 * the full list there). Skipped otherwise, so CI stays offline. REAL_FEEDS=/path does the same over
 * a folder of real captured feeds (feedjira's spec/sample_feeds, rss-parser's test/input…).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareViews, emptyTally, wiredeskView } from './differential.js';
import type { FeedView } from './differential.js';
import { deliberateDivergences, formatReport, runCorpus } from './feedparser-corpus.js';

const PYTHON = '/usr/bin/python3';
const HELPER = join(import.meta.dirname, 'feedparser-view.py');
const DIRS = ['feeds', 'parse'].map((dir) => join(import.meta.dirname, '../fixtures', dir));
const BASE = 'https://fixtures.example/feeds/';
const REQUIRED_AGREEMENT = 0.97;

const hasFeedparser = spawnSync(PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0;

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.expected.json') && !name.startsWith('.') && !name.endsWith('.md') && !name.endsWith('.py'))
    .sort()
    .map((name) => join(dir, name));
}

function referenceViews(files: string[]): Record<string, FeedView> {
  const out = execFileSync(PYTHON, [HELPER, BASE, ...files], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  return JSON.parse(out.toString('utf8')) as Record<string, FeedView>;
}

describe.skipIf(!hasFeedparser)('agreement with Universal Feed Parser', () => {
  it(`agrees with feedparser on at least ${REQUIRED_AGREEMENT * 100}% of compared fields over every fixture, without crashing`, async () => {
    const files = DIRS.flatMap(fixtureFiles);
    const reference = referenceViews(files);
    const tally = emptyTally();
    const skip = deliberateDivergences();
    for (const file of files) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      const ours = await wiredeskView(readFileSync(file), BASE + name);
      const theirs = reference[name];
      if (!theirs || theirs.error) continue;
      compareViews(name, ours, theirs, tally, skip);
    }
    const agreement = tally.agreed / tally.compared;
    const lines = tally.disagreements.map((d) => `  ${d.file} ${d.field}: ours ${JSON.stringify(d.ours)} | feedparser ${JSON.stringify(d.theirs)}`);
    process.stdout.write(`feedparser agreement: ${(agreement * 100).toFixed(2)}% (${tally.agreed}/${tally.compared} fields scored, ${files.length} files; ${tally.extras} wiredesk-only values and ${tally.unscored} reference guesses not scored)\n`);
    if (process.env.DIFF_VERBOSE === '1' || agreement < REQUIRED_AGREEMENT) process.stdout.write(`${lines.join('\n')}\n`);
    expect(agreement).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
  });
});

const CORPUS = process.env.FEEDPARSER_CORPUS;
const CORPUS_AGREEMENT = 0.98;

describe.skipIf(!hasFeedparser || !CORPUS)('agreement with Universal Feed Parser over its own test corpus', () => {
  it(`agrees on at least ${CORPUS_AGREEMENT * 100}% of fields and refuses no file feedparser reads`, async () => {
    const result = await runCorpus(CORPUS ?? '');
    process.stdout.write(`${formatReport(result)}\n`);
    if (process.env.DIFF_REPORT) writeFileSync(process.env.DIFF_REPORT, formatReport(result, Number.POSITIVE_INFINITY));
    expect(result.refused).toEqual([]);
    expect(result.tally.agreed / result.tally.compared).toBeGreaterThanOrEqual(CORPUS_AGREEMENT);
  }, 600_000);
});

const REAL_FEEDS = process.env.REAL_FEEDS;
const REAL_AGREEMENT = 0.97;
const REAL_CATEGORIES = 0.9;

describe.skipIf(!hasFeedparser || !REAL_FEEDS)('agreement with Universal Feed Parser over real captured feeds', () => {
  it(`agrees on at least ${REAL_AGREEMENT * 100}% of fields and ${REAL_CATEGORIES * 100}% of categories, refusing no feed feedparser reads`, async () => {
    const result = await runCorpus(REAL_FEEDS ?? '');
    process.stdout.write(`${formatReport(result).replace('feedparser corpus', 'real feeds')}\n`);
    if (process.env.DIFF_REPORT) writeFileSync(process.env.DIFF_REPORT, formatReport(result, Number.POSITIVE_INFINITY));
    const categories = result.tally.byField['entries.categories'];
    expect(result.refused).toEqual([]);
    expect(result.tally.agreed / result.tally.compared).toBeGreaterThanOrEqual(REAL_AGREEMENT);
    expect((categories?.agreed ?? 0) / (categories?.compared ?? 1)).toBeGreaterThanOrEqual(REAL_CATEGORIES);
  }, 600_000);
});
