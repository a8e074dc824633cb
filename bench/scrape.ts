/**
 * Scrape bench: article pages extracted and normalized per second (the sample Gazette pages), and
 * how much a pages-cache hit (JSON of a stored extraction) saves over extracting again; then, with
 * WIREDESK_SCRAPE_CORPUS set, body F1 on public test pages (scrape-quality.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractArticle, type ExtractedPage } from '../src/scrape/extract-article.js';
import { normalizePage } from '../src/scrape/page-entry.js';
import { runQuality } from './scrape-quality.js';

const PAGES = new URL('../../data/samples/pages/', import.meta.url).pathname;
const ROUNDS = 200;

export async function run(): Promise<void> {
  runThroughput();
  const corpus = process.env.WIREDESK_SCRAPE_CORPUS;
  if (!corpus) {
    process.stdout.write('body F1: skipped (set WIREDESK_SCRAPE_CORPUS to folders of public test pages; see README)\n');
    return;
  }
  runQuality(corpus.split(':').filter(Boolean), process.env.WIREDESK_SCRAPE_DETAIL === '1');
}

function runThroughput(): void {
  const pages = readdirSync(PAGES).filter((f) => f.endsWith('.html') && f !== 'actualites.html').map((f) => readFileSync(join(PAGES, f), 'utf8'));
  const options = { language: 'fr', timezone: 'Europe/Paris', titleCase: 'sentence' as const, siteTitle: null };
  let extracted: ExtractedPage[] = [];
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    extracted = pages.map((html, j) => extractArticle(html, `https://lagazette.example.fr/a/${j}`, { timezone: 'Europe/Paris' }));
  }
  const extractMs = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < ROUNDS; i++) for (const page of extracted) normalizePage(page, options);
  const normalizeMs = performance.now() - t1;
  const cached = extracted.map((p) => JSON.stringify(p));
  const t2 = performance.now();
  for (let i = 0; i < ROUNDS; i++) for (const json of cached) JSON.parse(json);
  const cacheMs = performance.now() - t2;
  const n = ROUNDS * pages.length;
  const kb = pages.reduce((sum, p) => sum + p.length, 0) / pages.length / 1024;
  process.stdout.write(
    `pages: ${pages.length} sample article pages (~${kb.toFixed(1)} KB each), ${ROUNDS} rounds\n` +
    `extract: ${(n / (extractMs / 1000)).toFixed(0)} pages/s (${(extractMs / n).toFixed(2)} ms/page)\n` +
    `normalize: ${(n / (normalizeMs / 1000)).toFixed(0)} pages/s (${(normalizeMs / n).toFixed(2)} ms/page)\n` +
    `cache hit (JSON.parse of the stored extraction): ${(extractMs / cacheMs).toFixed(0)}x faster than extracting again\n`,
  );
}
