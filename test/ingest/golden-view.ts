/**
 * What a golden ingest compares: every item (id, source, content hash, revision, a hash of the
 * title, its story), the story partition with each story's canonical item and how each version
 * joined, and the hits of fixed full-text queries. Only ids and hashes: a golden over a public
 * corpus never holds its text.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configSchema, type Config } from '../../src/config/schema.js';
import { refreshSource } from '../../src/ingest/refresh-source.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Store } from '../../src/store/open-store.js';

export interface GoldenView {
  refreshes: string[];
  items: string[];
  stories: string[];
  search: Record<string, string[]>;
}

/** Queries over both languages of our samples and fixtures (and any corpus): words, prefixes, phrases, columns. */
export const GOLDEN_QUERIES = [
  'paris', 'kenya', 'flood* OR storm* OR rain* OR inondation* OR pluie* OR secheresse', 'gazette', 'the', 'le OR la',
  '"prime minister"', 'NEAR(water river, 10)', 'title:paris', 'body:climat*', 'election*', 'feed', 'test',
  'president OR minister', 'police', 'example', 'news AND world', 'ecole OR universite', 'fire*', 'market*',
];

const FIXED_NOW = '2024-04-20T12:00:00.000Z';

function short(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Every stored item, story and query hit, in a stable order. */
export function goldenView(store: Store, refreshes: string[] = []): GoldenView {
  const items = store.items.candidates({ sourceIds: [], since: null, limit: 10_000_000 }).sort((a, b) => (a.id < b.id ? -1 : 1));
  const members = new Map<string, string[]>();
  for (const item of items) members.set(item.storyId, [...(members.get(item.storyId) ?? []), item.id]);
  const stories = [...members].sort(([a], [b]) => (a < b ? -1 : 1)).map(([storyId, ids]) => {
    const versions = ids.map((id) => {
      const v = store.storyIndex.version(id);
      const score = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(6));
      return v ? `${id}:${v.via}:${v.comparedItemId ?? '-'}:${score(v.jaccard)}:${score(v.containment)}:${v.chrome.join('+')}` : `${id}:unplaced`;
    });
    return `${storyId} canonical=${store.stories.get(storyId)?.canonicalItemId ?? '-'} ${versions.join(' ')}`;
  });
  const search: Record<string, string[]> = {};
  for (const match of GOLDEN_QUERIES) {
    search[match] = store.search.search({ match, sourceIds: [], since: null, limit: 100_000 }).map((i) => i.id).sort();
  }
  return {
    refreshes,
    items: items.map((i) => [i.id, i.sourceId, i.contentHash, i.revision, short(i.title), short(i.contentText), i.storyId].join(' ')),
    stories,
    search,
  };
}

export interface GoldenSource {
  id: string;
  file: string;
  extra?: Record<string, unknown>;
}

/** Files under `root` (recursively, sorted), as one source each named after its path. */
export function filesAsSources(root: string, prefix: string, skip: (name: string) => boolean = () => false): GoldenSource[] {
  const out: GoldenSource[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!skip(name)) out.push({ id: `${prefix}-${short(path.slice(root.length))}`, file: path });
    }
  };
  walk(root);
  return out;
}

/** Ingests each source once, in order, at a fixed clock, through the real refresh path (in this thread). */
export async function ingestSources(store: Store, sources: GoldenSource[], base: Record<string, unknown> = {}): Promise<string[]> {
  const config: Config = configSchema.parse({
    ...base, database: store.path, retention: { days: 36500 },
    sources: sources.map((s) => ({ kind: 'partner', ...s.extra, id: s.id, url: pathToFileURL(s.file).href })),
  });
  const priority = new Map(config.sources.map((s) => [s.id, s.priority]));
  const outcomes: string[] = [];
  for (const source of config.sources) {
    const outcome = await refreshSource(source, {
      config, store, url: source.url, now: () => new Date(FIXED_NOW), log: silentLogger(), priorityOf: (id) => priority.get(id) ?? 0,
    });
    outcomes.push(outcome.status === 'failed' ? `${source.id} failed ${outcome.error.code}`
      : `${source.id} ${outcome.status} +${outcome.added} ~${outcome.updated} =${outcome.unchanged} skipped ${outcome.skipped}`);
  }
  return outcomes;
}
