/**
 * Body F1, titles and time per page on public corpora, for wiredesk's extraction and for
 * Readability.js alone, in the same run: `WIREDESK_SCRAPE_CORPUS=dir[:dir…] npm run bench scrape`.
 * `WIREDESK_SCRAPE_DETAIL=1` also lists the weakest pages of the tuning half (never the held-out one).
 */
import { performance } from 'node:perf_hooks';
import { extractArticle } from '../src/scrape/extract-article.js';
import { normalizePage } from '../src/scrape/page-entry.js';
import { readWithReadability } from '../src/scrape/readability-body.js';
import { checkScrapeHealth } from '../src/scrape/scrape-health.js';
import { htmlToText } from '../src/normalize/html-to-text.js';
import { loadCorpora, type CorpusPage } from './scrape-corpus.js';
import { scoreBody, totals, type ShingleScore } from './shingle-f1.js';

interface Run { score: ShingleScore; ms: number; title: string | null; refused: boolean }

export function runQuality(dirs: string[], detail: boolean): void {
  const pages = loadCorpora(dirs);
  const groups = new Map<string, Array<{ page: CorpusPage; ours: Run; theirs: Run }>>();
  for (const page of pages) {
    const key = `${page.corpus} ${page.heldOut ? 'held-out' : 'tuning'}`;
    const list = groups.get(key) ?? [];
    list.push({ page, ours: runOurs(page), theirs: runReadability(page) });
    groups.set(key, list);
  }
  for (const [key, runs] of [...groups].sort()) {
    process.stdout.write(`\n${key}: ${runs.length} pages\n`);
    printRow('wiredesk', runs.map((r) => ({ page: r.page, run: r.ours })));
    printRow('readability.js', runs.map((r) => ({ page: r.page, run: r.theirs })));
    if (detail && key.endsWith('tuning')) printWorst(runs);
  }
}

function runOurs(page: CorpusPage): Run {
  const t0 = performance.now();
  try {
    const extracted = extractArticle(page.html, page.url, { hints: { seenAt: new Date().toISOString() } });
    // What a source would do with the page: a health failure is a refused page.
    checkScrapeHealth([extracted], [], undefined, page.url);
    const item = normalizePage(extracted, { language: null, timezone: null, titleCase: 'keep', siteTitle: null });
    const ms = performance.now() - t0;
    return { score: scoreBody(page.expectedText, item.contentText), ms, title: item.title, refused: item.contentText.trim() === '' };
  } catch {
    return { score: scoreBody(page.expectedText, ''), ms: performance.now() - t0, title: null, refused: true };
  }
}

function runReadability(page: CorpusPage): Run {
  const t0 = performance.now();
  const article = readWithReadability(page.html, page.url);
  const ms = performance.now() - t0;
  const text = article ? htmlToText(article.html) : '';
  return { score: scoreBody(page.expectedText, text), ms, title: article?.title ?? null, refused: article === null };
}

function printRow(name: string, runs: Array<{ page: CorpusPage; run: Run }>): void {
  const t = totals(runs.map((r) => r.run.score));
  const ms = runs.reduce((sum, r) => sum + r.run.ms, 0) / runs.length;
  const titled = runs.filter((r) => r.page.expectedTitle !== null);
  const right = titled.filter((r) => sameTitle(r.page.expectedTitle, r.run.title)).length;
  const refused = runs.filter((r) => r.run.refused).length;
  const titles = titled.length > 0 ? `  titles ${right}/${titled.length}` : '';
  process.stdout.write(`  ${name.padEnd(15)} F1 ${t.f1.toFixed(3)}  precision ${t.precision.toFixed(3)}  recall ${t.recall.toFixed(3)}  ` +
    `${ms.toFixed(1)} ms/page  refused or empty ${refused}${titles}\n`);
}

function printWorst(runs: Array<{ page: CorpusPage; ours: Run; theirs: Run }>): void {
  const f1 = (s: ShingleScore): number => (s.tp === 0 ? 0 : (2 * s.tp) / (2 * s.tp + s.fp + s.fn));
  const worst = [...runs].sort((a, b) => f1(a.ours.score) - f1(b.ours.score)).slice(0, 25);
  for (const r of worst) {
    process.stdout.write(`    ${r.page.id.slice(0, 24).padEnd(24)} ours ${f1(r.ours.score).toFixed(2)} (p ${ratio(r.ours.score.tp, r.ours.score.fp)} r ${ratio(r.ours.score.tp, r.ours.score.fn)})` +
      ` readability ${f1(r.theirs.score).toFixed(2)}  title ${JSON.stringify(r.ours.title)}${r.page.expectedTitle && !sameTitle(r.page.expectedTitle, r.ours.title) ? ` want ${JSON.stringify(r.page.expectedTitle)}` : ''}\n`);
  }
}

function ratio(a: number, b: number): string {
  return (a + b === 0 ? 0 : a / (a + b)).toFixed(2);
}

/** The same headline, or the expected one is it plus the site's name (`Headline | Site`). */
function sameTitle(want: string | null, got: string | null): boolean {
  const fold = (s: string | null): string => (s ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  const [w, g] = [fold(want), fold(got)];
  return w === g || (g !== '' && w.startsWith(g) && /^\s*[|–—·_:-]/.test(w.slice(g.length)));
}
