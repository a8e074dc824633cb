/** Ingest end to end (fetch file → … → store) of a generated 5,000-item feed, beside rss-parser alone. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Parser from 'rss-parser';
import { configSchema } from '../src/config/schema.js';
import { refreshSource } from '../src/ingest/refresh-source.js';
import { silentLogger } from '../src/log/logger.js';
import { openStore } from '../src/store/open-store.js';
import { generateRss } from './generate-feed.js';

const ITEMS = 5000;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-ingest-'));
  try {
    const xml = generateRss(ITEMS);
    const file = join(dir, 'feed.rss');
    writeFileSync(file, xml);
    const parserMs = await timeRssParser(xml);
    const ingestMs = await timeIngest(dir, pathToFileURL(file).href);
    const mb = Buffer.byteLength(xml) / 1e6;
    print('rss-parser parseString alone', parserMs, mb);
    print('wiredesk ingest end to end', ingestMs, mb);
    process.stdout.write(`ratio ingest/parseString throughput: ${(parserMs / ingestMs).toFixed(2)}×\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(label: string, ms: number, mb: number): void {
  process.stdout.write(`${label.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  ${((ITEMS / ms) * 1000).toFixed(0).padStart(7)} items/s  ${(mb / (ms / 1000)).toFixed(1)} MB/s\n`);
}

async function timeRssParser(xml: string): Promise<number> {
  const parser = new Parser();
  await parser.parseString(xml);
  const started = performance.now();
  const feed = await parser.parseString(xml);
  if (feed.items.length !== ITEMS) throw new Error(`bench: rss-parser saw ${feed.items.length} items`);
  return performance.now() - started;
}

async function timeIngest(dir: string, url: string): Promise<number> {
  const config = configSchema.parse({ database: join(dir, 'bench.db'), sources: [{ id: 'bench', url, kind: 'wire' }] });
  const store = openStore(config.database);
  try {
    const source = config.sources[0];
    if (!source) throw new Error('bench: no source');
    const started = performance.now();
    const outcome = await refreshSource(source, {
      config, store, url, now: () => new Date(), log: silentLogger(), priorityOf: () => 0,
    });
    const ms = performance.now() - started;
    if (outcome.status === 'failed' || outcome.added !== ITEMS) throw new Error(`bench: ingest gave ${JSON.stringify(outcome)}`);
    return ms;
  } finally {
    store.close();
  }
}
