/**
 * Public extraction test sets, read from folders kept outside the repository:
 * - Readability's test pages: `<dir>/<name>/source.html`, `expected.html`, `expected-metadata.json`;
 * - the article-extraction-benchmark layout: `<dir>/ground-truth.json` and `<dir>/html/<id>.html`.
 * Each page goes into the tuning half or the held-out half by a hash of its id, fixed once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { htmlToText } from '../src/normalize/html-to-text.js';

export interface CorpusPage {
  corpus: string;
  id: string;
  url: string;
  html: string;
  expectedText: string;
  expectedTitle: string | null;
  heldOut: boolean;
}

export function loadCorpora(dirs: string[]): CorpusPage[] {
  return dirs.flatMap((dir) => (existsSync(join(dir, 'ground-truth.json')) ? loadGroundTruth(dir) : loadTestPages(dir)));
}

function loadGroundTruth(dir: string): CorpusPage[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody?: string; url?: string }>;
  return Object.entries(truth).flatMap(([id, entry]) => {
    const file = join(dir, 'html', `${id}.html`);
    if (!existsSync(file)) return [];
    return [{ corpus: basename(dir), id, url: entry.url ?? `https://example.invalid/${id}`, html: readFileSync(file, 'utf8'),
      expectedText: entry.articleBody ?? '', expectedTitle: null, heldOut: isHeldOut(id) }];
  });
}

function loadTestPages(dir: string): CorpusPage[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const source = join(dir, name, 'source.html');
    const expected = join(dir, name, 'expected.html');
    if (!existsSync(source) || !existsSync(expected)) return [];
    const metaFile = join(dir, name, 'expected-metadata.json');
    const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { title?: string; readerable?: boolean }) : {};
    if (meta.readerable === false) return [];
    return [{ corpus: basename(dir), id: name, url: `http://fakehost/test/${name}/`, html: readFileSync(source, 'utf8'),
      expectedText: htmlToText(readFileSync(expected, 'utf8')), expectedTitle: meta.title ?? null, heldOut: isHeldOut(name) }];
  });
}

/** Half the pages, chosen by hash, are never looked at while tuning. */
function isHeldOut(id: string): boolean {
  return (createHash('sha256').update(`wiredesk-split:${id}`).digest()[0] ?? 0) % 2 === 1;
}
