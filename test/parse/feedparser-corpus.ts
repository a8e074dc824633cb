/**
 * Universal Feed Parser's own test corpus (the `tests/` folder of github:kurtmckee/feedparser,
 * kept outside the repo) as a differential test: every file read by wiredesk and by Debian's
 * python3-feedparser, compared field by field (differential.ts), disagreements listed by class.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { compareViews, emptyTally, fieldClass, wiredeskView } from './differential.js';
import type { Disagreement, FeedView, Tally } from './differential.js';

const PYTHON = '/usr/bin/python3';
const HELPER = join(import.meta.dirname, 'feedparser-view.py');
const DIVERGENCES = join(import.meta.dirname, '../fixtures/feeds/README.md');
export const CORPUS_BASE = 'http://corpus.example/';
/** Files handed to one Python process (argument lists have limits, and a crash loses one batch only). */
const BATCH = 400;

export interface CorpusResult {
  files: number;
  tally: Tally;
  /** Files wiredesk refuses although feedparser reads a feed from them (a title, a link or entries). */
  refused: Array<{ file: string; error: string }>;
  /** Files both sides find nothing in (not feeds: HTTP fixtures, sanitizer snippets that do not parse). */
  bothEmpty: number;
}

/** Every corpus document: the files under `tests/` (or under the given folder), code and notes left out. */
export function corpusFiles(root: string): { root: string; files: string[] } {
  // feedparser's files are named `tests/…` whether the checkout or its tests/ folder is given;
  // any other folder's files are named relative to it.
  const hasTests = existsSync(join(root, 'tests'));
  const base = hasTests || basename(root) !== 'tests' ? root : join(root, '..');
  const start = hasTests ? join(root, 'tests') : root;
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(?:py|rb|txt|md)$/.test(name) && !name.startsWith('.')) files.push(path);
    }
  };
  walk(start);
  return { root: base, files };
}

/**
 * The deliberate divergences: `| \`file\` | \`field\` | why |` rows of the fixtures README, a
 * corpus path (`tests/…`) or a fixture's name; the key is `file field`.
 */
export function deliberateDivergences(): Set<string> {
  const skip = new Set<string>();
  for (const line of readFileSync(DIVERGENCES, 'utf8').split('\n')) {
    const row = /^\|\s*`([^`\s]+\.[a-z]+)`\s*\|\s*`([a-z.]+|\*)`\s*\|/.exec(line);
    if (row?.[1] && row[2]) skip.add(`${row[1]} ${row[2]}`);
  }
  return skip;
}

function referenceViews(root: string, files: string[]): Record<string, FeedView> {
  const out: Record<string, FeedView> = {};
  for (let i = 0; i < files.length; i += BATCH) {
    const args = [HELPER, '--root', root, CORPUS_BASE, ...files.slice(i, i + BATCH)];
    const json = execFileSync(PYTHON, args, { maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
    Object.assign(out, JSON.parse(json.toString('utf8')) as Record<string, FeedView>);
  }
  return out;
}

function readsSomething(view: FeedView): boolean {
  return view.entries.length > 0 || view.feed.title !== null || view.feed.link !== null;
}

export async function runCorpus(corpus: string): Promise<CorpusResult> {
  const { root, files } = corpusFiles(corpus);
  const reference = referenceViews(root, files);
  const skip = deliberateDivergences();
  const result: CorpusResult = { files: files.length, tally: emptyTally(), refused: [], bothEmpty: 0 };
  for (const path of files) {
    const name = relative(root, path);
    const theirs = reference[name];
    if (!theirs || theirs.error) continue;
    const ours = await wiredeskView(readFileSync(path), CORPUS_BASE + name);
    if (ours.error && readsSomething(theirs) && !skip.has(`${name} *`)) result.refused.push({ file: name, error: ours.error });
    if (!readsSomething(ours) && !readsSomething(theirs)) result.bothEmpty += 1;
    compareViews(name, ours, theirs, result.tally, skip);
  }
  return result;
}

/** A disagreement's class: its field and the corpus folder it comes from. */
function classOf(d: Disagreement): string {
  return `${fieldClass(d.field)} in ${d.file.slice(0, d.file.lastIndexOf('/'))}`;
}

export function formatReport(result: CorpusResult, examplesPerClass = 3): string {
  const { tally } = result;
  const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((a / b) * 100).toFixed(1)}%`);
  const lines = [
    `feedparser corpus: ${result.files} files, ${pct(tally.agreed, tally.compared)} field agreement (${tally.agreed}/${tally.compared}), ` +
      `${result.refused.length} refused that feedparser reads, ${result.bothEmpty} empty on both sides, ${tally.extras} wiredesk-only values, ${tally.unscored} not scored`,
    'per field:',
    ...Object.entries(tally.byField).sort().map(([field, c]) => `  ${field.padEnd(22)} ${pct(c.agreed, c.compared).padStart(6)}  (${c.agreed}/${c.compared})`),
  ];
  if (result.refused.length > 0) lines.push('refused:', ...result.refused.map((r) => `  ${r.file}: ${r.error}`));
  const classes = new Map<string, Disagreement[]>();
  for (const d of tally.disagreements) {
    const list = classes.get(classOf(d)) ?? [];
    list.push(d);
    classes.set(classOf(d), list);
  }
  lines.push('disagreements by class:');
  for (const [name, list] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${list.length} × ${name}`);
    for (const d of list.slice(0, examplesPerClass)) lines.push(`      ${d.file} ${d.field}: ours ${JSON.stringify(d.ours)} | feedparser ${JSON.stringify(d.theirs)}`);
  }
  return lines.join('\n');
}
