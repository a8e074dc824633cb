/**
 * `wiredesk build --out DIR`: every curated feed as DIR/<id>.rss|.atom|.json plus
 * DIR/sources.opml and DIR/feeds.opml, each written atomically (temp file + rename). The feeds are
 * the very bytes the server serves: the same selection and the same renderer. Private feeds (`access:
 * "token"`) are left out unless --include-private.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { createFeedLoader } from '../curate/feed-loader.js';
import { PUBLIC_FEEDS, isGranted, renderSubscriptionList, type FeedGrant } from '../curate/subscription-lists.js';
import { FEED_EXTENSIONS } from '../emit/prepare-feed.js';
import { renderFeed } from '../emit/render-feed.js';
import type { OutputFormat } from '../model/curated.js';
import type { CuratePort } from '../curate/curate-port.js';
import type { Command } from './commands.js';
import { openCuratePort } from './open.js';
import { loadConfig } from '../config/load-config.js';

export const buildCommand: Command = {
  summary: 'write every curated feed to --out DIR as <id>.rss, <id>.atom, <id>.json, plus sources.opml and feeds.opml',
  options: { out: { type: 'string' }, 'include-private': { type: 'boolean', default: false } },
  async run(values) {
    if (typeof values.out !== 'string' || values.out === '') {
      process.stderr.write('usage: wiredesk build --out DIR [--include-private]\n');
      return 1;
    }
    const out = resolve(values.out);
    const loaded = loadConfig(values.config);
    const { port, close } = await openCuratePort(loaded);
    try {
      const files = await buildSite(loaded.config, port, out, { includePrivate: values['include-private'] === true });
      process.stdout.write(`build: wrote ${files.length} files to ${out}\n`);
      return 0;
    } finally {
      await close();
    }
  },
};

/** Writes the site into out; returns the file names written. Private feeds only when asked: DIR has no access control. */
export async function buildSite(config: Config, port: CuratePort, out: string, options: { includePrivate?: boolean } = {}): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  const loadFeed = createFeedLoader(() => config, port);
  const written: string[] = [];
  const grant: FeedGrant = options.includePrivate === true ? { feeds: 'all', token: null } : PUBLIC_FEEDS;
  for (const feed of config.feeds.filter((f) => isGranted(f.id, f.access, grant))) {
    const curated = await loadFeed(feed.id);
    if (curated === null) continue;
    for (const format of feed.formats as OutputFormat[]) {
      const name = `${feed.id}.${FEED_EXTENSIONS[format]}`;
      writeAtomically(join(out, name), Buffer.from(renderFeed(curated, format).body, 'utf8'));
      written.push(name);
    }
  }
  for (const list of ['sources', 'feeds'] as const) {
    writeAtomically(join(out, `${list}.opml`), await renderSubscriptionList(list, config, port, grant));
    written.push(`${list}.opml`);
  }
  return written;
}

/** Readers of DIR never see a half-written feed: write a temp file beside it, then rename. */
export function writeAtomically(path: string, body: string | Buffer): void {
  const temp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(temp, body);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
