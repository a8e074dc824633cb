/**
 * Golden tests: each fixture in test/fixtures/parse/ goes through parse + normalize and is compared
 * with <name>.expected.json. Regenerate with UPDATE_GOLDEN=1, then review the diff by eye.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/decode/decode-body.js';
import { isWiredeskError } from '../../src/model/errors.js';
import { normalizeEntry, normalizeFeedMeta } from '../../src/normalize/normalize-entry.js';
import type { NormalizeContext } from '../../src/normalize/normalize-entry.js';
import { parseDocument } from '../../src/parse/parse-document.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/parse');
/** One small feed per case of issue 3, read from bytes (several are not UTF-8). */
const FEEDS = join(import.meta.dirname, '../fixtures/feeds');
const FEEDS_URL = 'https://fixtures.example/feeds/';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface GoldenCase {
  file: string;
  url: string;
  context?: Omit<NormalizeContext, 'feed'>;
}

const CASES: GoldenCase[] = [
  { file: 'rss2-full.xml', url: 'https://news.northwind.example/world/rss.xml' },
  { file: 'rss1-rdf.xml', url: 'https://agence.example/depeches/rss' },
  { file: 'rss091-netscape.xml', url: 'http://oldtown.example/rss.xml' },
  { file: 'atom10-text-types.xml', url: 'https://feeds.example/harbour.atom' },
  { file: 'atom-relative-links.xml', url: 'https://valley.example/feeds/main.atom' },
  { file: 'atom03.xml', url: 'https://altes-weblog.example/atom.xml', context: { timezone: 'Europe/Berlin' } },
  { file: 'jsonfeed-10.json', url: 'https://radio.island.example/feed.json' },
  { file: 'jsonfeed-11.json', url: 'https://diario-puerto.example/feed.json', context: { timezone: 'Europe/Madrid' } },
  { file: 'html-entities.xml', url: 'https://cafe-society.example/rss' },
  { file: 'billion-laughs.xml', url: 'https://laughs.example/rss' },
  { file: 'leading-blank-lines.xml', url: 'http://blank-lines.example/feed' },
  { file: 'gazette-partner.xml', url: 'https://www.lagazette.example/rss.xml', context: { titleCase: 'sentence', language: 'fr' } },
  { file: 'wire-datelines.xml', url: 'https://wire.example/rss' },
  { file: 'html-page.html', url: 'https://news.northwind.example/' },
  { file: 'garbage.txt', url: 'https://broken.example/feed' },
  { file: 'opml.xml', url: 'https://broken.example/subscriptions.opml' },
  { file: 'truncated.xml', url: 'https://broken.example/truncated.xml' },
  { file: 'broken-json.json', url: 'https://broken.example/feed.json' },
];

async function runPipeline(text: string, golden: GoldenCase): Promise<unknown> {
  try {
    const feed = await parseDocument(text, { url: golden.url });
    return {
      format: feed.format,
      feed: normalizeFeedMeta(feed),
      items: feed.entries.map((entry) => normalizeEntry(entry, { feed, ...golden.context })),
    };
  } catch (err) {
    if (!isWiredeskError(err)) throw err;
    return { error: { code: err.code, message: err.message } };
  }
}

describe('parse + normalize golden files', () => {
  for (const golden of CASES) {
    it(`${golden.file} parses and normalizes to its golden file`, async () => {
      const text = readFileSync(join(FIXTURES, golden.file), 'utf8');
      const actual = await runPipeline(text, golden);
      const expectedPath = join(FIXTURES, golden.file.replace(/\.[a-z]+$/, '.expected.json'));
      if (UPDATE) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
});

describe('feed fixtures golden files (decode + parse + normalize)', () => {
  const files = readdirSync(FEEDS).filter((name) => !/\.(expected\.json|md)$/.test(name) && !name.startsWith('.')).sort();
  for (const file of files) {
    it(`${file} decodes, parses and normalizes to its golden file`, async () => {
      const text = decodeBody(readFileSync(join(FEEDS, file)), null).text;
      const actual = await runPipeline(text, { file, url: FEEDS_URL + file });
      const expectedPath = join(FEEDS, `${file}.expected.json`);
      if (UPDATE) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
});
