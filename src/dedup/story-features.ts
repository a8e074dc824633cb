/**
 * The features through which one placement can see another: its exact hash, sentence and headline
 * hashes, LSH band keys and its source's line keys. A placed item's decision reads only the items
 * sharing one of its features, and the stories those belong to; so when nothing it shares has
 * changed, placing it again would decide the same, and the lifecycle skips it.
 */
import { analyzePrepared, type AnalyzedText } from './analyze.js';
import { prepareText } from './prepare-text.js';
import { contentHashOfPrepared } from './content-hash.js';
import type { IndexRows } from './story-port.js';

/**
 * What a parse thread works out for an item beside normalizing it, so the commit (on the main
 * thread) need not: its exact-layer hash, and its analysis with no source chrome dropped (what a
 * new item is placed with unless its source repeats one of its lines).
 */
export interface PrecomputedFeatures {
  contentHash: string;
  analysis: AnalyzedText;
}

export function precomputeFeatures(item: { title: string; contentText: string }): PrecomputedFeatures {
  const prepared = prepareText(item);
  return { contentHash: contentHashOfPrepared(prepared), analysis: analyzePrepared(prepared) };
}

/** What of an analysis its features are made of (kept instead of the whole analysis, its shingles, until they are needed). */
export type FeatureKeys = Pick<AnalyzedText, 'sentenceHashes' | 'headlineHash' | 'bandKeys' | 'lineKeys'>;

export function featureKeysOf(analysis: AnalyzedText): FeatureKeys {
  return { sentenceHashes: analysis.sentenceHashes, headlineHash: analysis.headlineHash, bandKeys: analysis.bandKeys, lineKeys: analysis.lineKeys };
}

export function featuresOf(sourceId: string, contentHash: string, analysis: FeatureKeys): string[] {
  const out = [`x:${contentHash}`];
  for (const hash of analysis.sentenceHashes) if (hash !== 0) out.push(`s:${hash}`);
  if (analysis.headlineHash !== 0) out.push(`s:${analysis.headlineHash}`);
  if (analysis.bandKeys) for (const key of analysis.bandKeys) out.push(`b:${key}`);
  for (const key of analysis.lineKeys) out.push(`l:${sourceId}:${key}`);
  return out;
}

/** The same features read back from an item's stored rows (its text before an update). */
export function featuresOfRows(sourceId: string, contentHash: string, rows: Pick<IndexRows, 'bandKeys' | 'sentences' | 'lineKeys'>): string[] {
  const out = [`x:${contentHash}`];
  for (const s of rows.sentences) out.push(`s:${s.hash}`);
  if (rows.bandKeys) for (const key of rows.bandKeys) out.push(`b:${key}`);
  for (const key of rows.lineKeys) out.push(`l:${sourceId}:${key}`);
  return out;
}
