import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');
const run = promisify(execFile);

interface Result { code: number; stdout: string; stderr: string }

async function wiredesk(args: string[], cwd = ROOT): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A copy of the bundled config whose database lives in a temp folder. */
function sampleConfig(): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wd-cli-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'feeds.config.json'), 'utf8')) as { database: string; sources: { url: string }[] };
  config.database = join(dir, 'wiredesk.db');
  for (const s of config.sources) if (!/^[a-z]+:/.test(s.url)) s.url = join(ROOT, s.url);
  const path = join(dir, 'feeds.config.json');
  writeFileSync(path, JSON.stringify(config));
  return { path, dir };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
});

describe('wiredesk CLI', () => {
  it('check accepts the bundled config', async () => {
    const r = await wiredesk(['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/feeds\.config\.json: ok \(\d+ sources, \d+ curated feeds\)/);
  });

  it('check exits 2 and prints each problem with its key path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-cli-'));
    const path = join(dir, 'feeds.config.json');
    writeFileSync(path, JSON.stringify({ sources: [{ id: 'a', url: 'https://x/f', kind: 'wire' }, { id: 'b', url: 'gopher://x', kind: 'wire', colour: 1 }] }));
    const r = await wiredesk(['check', '--config', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      'feeds.config.json: sources[1].colour: unknown key',
      'feeds.config.json: sources[1].url: must be an http(s) URL, a file: URL or a file path',
    ]);
  });

  it('parse prints one JSON line per input, errors included, and exits 1 when one failed', async () => {
    const r = await wiredesk(['parse', 'data/samples/partner-json.json', 'no/such/file.rss', 'data/samples/partner-gazette.atom']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0] ?? {})).toEqual(['input', 'feed', 'items']);
    expect(lines[1]).toMatchObject({ input: 'no/such/file.rss', error: { code: 'FETCH_NOT_FOUND' } });
    const gazette = lines[2] as { feed: { title: string; language: string }; items: Array<Record<string, unknown>> };
    expect(gazette.feed.title).toMatch(/^La Gazette/);
    expect(gazette.items).toHaveLength(12);
    expect(Object.keys(gazette.items[0] ?? {})).toEqual(['guid', 'url', 'title', 'published', 'updated', 'author',
      'categories', 'enclosures', 'summary', 'contentHtml', 'contentText', 'language', 'dateline', 'dateSource']);
    const seed = gazette.items.find((i) => i.guid === 'tag:lagazette.example.fr,2024:article-4187');
    expect(seed).toMatchObject({ published: '2024-04-17T19:02:00Z', dateline: 'Paris', dateSource: 'feed' });
    expect(String(seed?.url)).toMatch(/^https:\/\/lagazette\.example\.fr\//);
    expect(String(seed?.contentText)).toMatch(/^Les forces de maintien de la paix russes/);
    expect(String(seed?.contentText)).not.toMatch(/Loading|Voir Plus/);
  });

  it('ingest, sources and build work on the sample config', async () => {
    const { path, dir } = sampleConfig();
    const ingest = await wiredesk(['ingest', '--config', path]);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/^ingest: \d+ sources, \d+ new items, 0 updated, 0 failed/m);
    const sources = await wiredesk(['sources', '--config', path, '--json']);
    const rows = JSON.parse(sources.stdout) as Array<{ id: string; items: number; status: number }>;
    const byId = new Map(rows.map((r) => [r.id, [r.items, r.status]]));
    for (const id of ['awp-fr', 'wws-en', 'lagazette', 'harbour-courier']) expect(byId.get(id)).toEqual([12, 200]);
    expect(rows.every((r) => r.status === 200 && r.items > 0)).toBe(true);
    const table = await wiredesk(['sources', '--config', path]);
    expect(table.stdout.split('\n')[0]).toMatch(/^SOURCE\s+KIND\s+LAST FETCH\s+STATUS\s+ITEMS/);
    const out = join(dir, 'out');
    const build = await wiredesk(['build', '--config', path, '--out', out]);
    expect(build.code).toBe(0);
    for (const f of ['francais.rss', 'francais.atom', 'francais.json', 'world-wires.rss']) expect(existsSync(join(out, f))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'francais.json'), 'utf8')) as { items: Array<{ title: string }> };
    expect(json.items.filter((i) => /Karabakh/.test(i.title))).toHaveLength(1);
  });

  it('a second ingest skips and says so while the lease is held', async () => {
    const { path, dir } = sampleConfig();
    const store = openStore(join(dir, 'wiredesk.db'));
    store.leases.acquire('ingest', 'service-host:7', 60_000, Date.now());
    const r = await wiredesk(['ingest', '--config', path]);
    store.close();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ingest: skipped, another ingest is running (service-host:7)');
  });

  it('refuses an unknown command with the usage', async () => {
    const r = await wiredesk(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});
