/** `wiredesk build --out DIR`: every curated feed as DIR/<id>.rss|.atom|.json, written atomically. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFeedLoader } from '../curate/feed-loader.js';
import { renderFeed } from '../emit/render-feed.js';
import type { OutputFormat } from '../model/curated.js';
import type { Command } from './commands.js';
import { openWorkspace } from './open.js';

export const buildCommand: Command = {
  summary: 'write every curated feed to --out DIR as <id>.rss, <id>.atom, <id>.json',
  options: { out: { type: 'string' } },
  async run(values) {
    if (typeof values.out !== 'string' || values.out === '') {
      process.stderr.write('usage: wiredesk build --out DIR\n');
      return 1;
    }
    const out = resolve(values.out);
    const { loaded, store } = openWorkspace(values.config);
    try {
      mkdirSync(out, { recursive: true });
      const load = createFeedLoader(() => loaded.config, store);
      let files = 0;
      for (const feedConfig of loaded.config.feeds) {
        const feed = load(feedConfig.id);
        if (!feed) continue;
        for (const format of feedConfig.formats) {
          writeAtomically(join(out, `${feed.id}.${format}`), renderFeed(feed, format as OutputFormat).body);
          files += 1;
        }
      }
      process.stdout.write(`build: wrote ${files} files to ${out}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};

/** Readers of DIR never see a half-written feed: write a temp file beside it, then rename. */
export function writeAtomically(path: string, body: string | Buffer): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, body);
  renameSync(temp, path);
}
