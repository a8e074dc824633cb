/**
 * The labelled story corpus (test/fixtures/stories): pairwise precision and recall of the story
 * clustering through the real commit path. corpus.json is the builder's output, reviewed as a
 * diff; UPDATE_STORIES_CORPUS=1 rewrites it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCorpus, CORPUS_SOURCES, type CorpusItem } from '../fixtures/stories/build-corpus.js';
import { ingestCorpus, pairScores } from './corpus-run.js';

const CORPUS_PATH = fileURLToPath(new URL('../fixtures/stories/corpus.json', import.meta.url));
const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.95;

function loadCorpus(): CorpusItem[] {
  const built = buildCorpus();
  if (process.env.UPDATE_STORIES_CORPUS === '1' || !existsSync(CORPUS_PATH)) {
    writeFileSync(CORPUS_PATH, `${JSON.stringify(built, null, 1)}\n`);
  }
  return JSON.parse(readFileSync(CORPUS_PATH, 'utf8')) as CorpusItem[];
}

describe('story clustering on the labelled corpus', () => {
  const corpus = loadCorpus();
  const { store, storyOf } = ingestCorpus(corpus, CORPUS_SOURCES);
  afterAll(() => store.close());
  const storyOfVariant = (label: string, variant: string) => storyOf.get(corpus.find((c) => c.label === label && c.variant === variant)!.guid);

  it('is the builder output (regenerate with UPDATE_STORIES_CORPUS=1 and review the diff)', () => {
    expect(corpus).toEqual(buildCorpus());
    const labels = new Set(corpus.map((c) => c.label));
    expect(labels.size).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((c) => c.language))).toEqual(new Set(['fr', 'en']));
  });

  it(`reaches pairwise precision ≥ ${MIN_PRECISION} and recall ≥ ${MIN_RECALL}`, () => {
    const scores = pairScores(corpus, storyOf);
    process.stdout.write(`stories corpus: ${corpus.length} items, ${new Set(corpus.map((c) => c.label)).size} stories, `
      + `${scores.truePairs} true pairs; precision ${scores.precision.toFixed(3)}, recall ${scores.recall.toFixed(3)}\n`);
    expect(scores.precision, `false merges: ${scores.falseMerges.slice(0, 5).join('; ')}`).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(scores.recall, `missed pairs: ${scores.misses.slice(0, 5).join('; ')}`).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it('puts the seed page from La Gazette in the story of its wire original', () => {
    expect(storyOfVariant('fr-seed-karabakh', 'seed-page')).toBe(storyOfVariant('fr-seed-karabakh', 'wire'));
  });

  it('keeps different stories of one topic apart even when they share names, places and a background paragraph', () => {
    for (const group of ['kingsmouth-harbour', 'secheresse-po', 'orbitel', 'budget-marchand', 'kingsmouth-rovers']) {
      const members = [...new Set(corpus.filter((c) => c.guid.includes('-wire') && groupOf(c.label) === group).map((c) => c.label))];
      expect(members.length, group).toBeGreaterThanOrEqual(2);
      expect(new Set(members.map((label) => storyOfVariant(label, 'wire'))).size, group).toBe(members.length);
    }
  });

  it('joins a teaser, a trimmed copy and a later update with a new guid to the story, the update as its newest version', () => {
    const story = storyOfVariant('en-harbour-ferry', 'wire')!;
    expect(storyOfVariant('en-harbour-ferry', 'teaser')).toBe(story);
    expect(storyOfVariant('en-harbour-ferry', 'partner-edit')).toBe(story);
    const versions = store.items.byStory(story);
    expect(versions.at(-1)?.guid).toBe('wws-en-harbour-ferry-update');
    // The wire original stays canonical: same priority, not much shorter, earlier.
    expect(store.stories.get(story)?.canonicalItemId).toBe(versions.find((v) => v.guid === 'wws-en-harbour-ferry-wire')?.id);
  });
});

function groupOf(label: string): string {
  const groups: Record<string, string> = {
    'en-harbour-dredging': 'kingsmouth-harbour', 'en-harbour-fishers': 'kingsmouth-harbour', 'en-harbour-ferry': 'kingsmouth-harbour',
    'fr-secheresse-restrictions': 'secheresse-po', 'fr-secheresse-agriculteurs': 'secheresse-po',
    'en-orbitel-results': 'orbitel', 'en-orbitel-layoffs': 'orbitel',
    'fr-budget-ministre': 'budget-marchand', 'fr-budget-senat': 'budget-marchand',
    'en-football-cup': 'kingsmouth-rovers', 'en-football-league': 'kingsmouth-rovers',
  };
  return groups[label] ?? '';
}
