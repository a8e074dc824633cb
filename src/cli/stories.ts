/** `wiredesk stories [--since ISO|24h] [--explain]`: recent stories with their versions, for operators. */
import type { StoryExplanation } from '../dedup/explain-story.js';
import { loadConfig, resolveDatabase, type LoadedConfig } from '../config/load-config.js';
import { explainStory } from '../dedup/explain-story.js';
import type { StoredItem } from '../store/items-table.js';
import { openStore } from '../store/open-store.js';
import { readRecentStories, type StoredStory } from '../store-pg/story-reads.js';
import { withStorySession } from '../store-pg/story-session.js';
import type { Command } from './commands.js';

const DEFAULT_SINCE = '24h';
const MAX_ITEMS = 5000;

export const storiesCommand: Command = {
  summary: 'recent stories and their versions (--since ISO date or 24h/7d, --explain: how each version joined, --json)',
  options: { since: { type: 'string', default: DEFAULT_SINCE }, json: { type: 'boolean', default: false }, explain: { type: 'boolean', default: false } },
  async run(values) {
    const since = parseSince(String(values.since), new Date());
    if (!since) {
      process.stderr.write(`stories: --since must be an ISO date or a duration such as 24h or 7d, not "${String(values.since)}"\n`);
      return 1;
    }
    const loaded = loadConfig(values.config);
    const priorityOf = (id: string) => loaded.config.sources.find((s) => s.id === id)?.priority ?? 0;
    const stories = (await readStories(loaded, since)).map((s) => ({ ...s,
      explain: values.explain && s.versions.length > 0 ? explainStory(s.id, s.versions, s.records, priorityOf) : null }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(stories.map((s) => ({ id: s.id, canonicalItemId: s.canonicalItemId,
        versions: s.versions.map(versionJson), ...(s.explain ? { explain: s.explain } : {}) })), null, 2)}\n`);
      return 0;
    }
    const lines = [`${stories.length} stories since ${since}`];
    for (const s of stories) {
      lines.push('', `${s.id}  (${s.versions.length} version${s.versions.length === 1 ? '' : 's'})`);
      for (const v of s.versions) {
        const mark = v.id === s.canonicalItemId ? '*' : ' ';
        lines.push(`  ${mark} ${(v.published ?? v.fetchedAt).slice(0, 16).replace('T', ' ')}  ${v.sourceId.padEnd(16)} ${v.title.slice(0, 90)}`);
        if (s.explain) lines.push(`      ${explainLine(s.explain, v.id)}`);
      }
      if (s.explain) lines.push(`  canonical: ${s.explain.canonicalBecause}`);
    }
    // One write: a closed pipe (`| head`) then costs one error, not one per line.
    process.stdout.write(`${lines.join('\n')}\n\n* canonical version\n`);
    return 0;
  },
};

/** The stories of items dated since `since`, with their versions and how each joined, from either backend. */
async function readStories(loaded: LoadedConfig, since: string): Promise<StoredStory[]> {
  const target = resolveDatabase(loaded);
  if (target.kind === 'postgres') {
    return withStorySession(target.url, 'wiredesk-stories', (client) => readRecentStories(client, since, MAX_ITEMS));
  }
  const store = openStore(target.path);
  try {
    const recent = store.items.candidates({ sourceIds: [], since, limit: MAX_ITEMS });
    return [...new Set(recent.map((i) => i.storyId))].map((id) => {
      const versions = store.items.byStory(id);
      const records = new Map(versions.flatMap((v) => { const r = store.storyIndex.version(v.id); return r ? [[v.id, r] as const] : []; }));
      return { id, canonicalItemId: store.stories.get(id)?.canonicalItemId ?? null, versions, records };
    });
  } finally {
    store.close();
  }
}

function explainLine(story: StoryExplanation, itemId: string): string {
  const v = story.versions.find((x) => x.id === itemId);
  if (!v) return '';
  const similarity = v.isCanonical ? 'canonical' : `containment ${v.containment.toFixed(2)}, Jaccard ${v.jaccard.toFixed(2)} to the canonical`;
  return `joined: ${v.via}; ${similarity}`;
}

function versionJson(v: StoredItem) {
  return { id: v.id, sourceId: v.sourceId, guid: v.guid, url: v.url, title: v.title, published: v.published, words: v.contentText.split(/\s+/).length };
}

/** An ISO date, or a duration back from now: 90m, 24h, 7d. */
export function parseSince(value: string, now: Date): string | null {
  const duration = /^(\d+)\s*([mhd])$/i.exec(value.trim());
  if (duration) {
    const unit = { m: 60_000, h: 3600_000, d: 86_400_000 }[duration[2]!.toLowerCase() as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(duration[1]) * unit).toISOString();
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
