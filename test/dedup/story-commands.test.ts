import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { parseSince } from '../../src/cli/stories.js';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await runCli(args), out };
  } finally {
    spy.mockRestore();
  }
}

describe('stories and recluster commands', () => {
  afterEach(() => vi.restoreAllMocks());

  it('list the sample stories with their versions and rebuild them without change', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const config = JSON.parse(readFileSync(`${root}feeds.config.json`, 'utf8')) as { database: string; sources: Array<{ url: string }> };
    for (const source of config.sources) source.url = `${root}${source.url}`;
    const dir = mkdtempSync(join(tmpdir(), 'wd-stories-cli-'));
    config.database = join(dir, 'wiredesk.db');
    const path = join(dir, 'feeds.config.json');
    writeFileSync(path, JSON.stringify(config));
    expect((await run(['ingest', '--all', '--config', path])).code).toBe(0);
    const listed = await run(['stories', '--since', '2024-04-17T00:00:00Z', '--json', '--config', path]);
    const stories = JSON.parse(listed.out) as Array<{ id: string; canonicalItemId: string; versions: Array<{ guid: string; sourceId: string }> }>;
    const seed = stories.find((s) => s.versions.some((v) => v.guid === 'awp-2024-04-17-0418'));
    expect(seed?.versions.map((v) => v.sourceId)).toContain('lagazette');
    const explained = await run(['stories', '--since', '2024-04-17T00:00:00Z', '--explain', '--config', path]);
    expect(explained.out).toMatch(/joined: (exact|near|teaser|headline); containment \d\.\d\d, Jaccard \d\.\d\d to the canonical/);
    expect(explained.out).toMatch(/canonical: its source has the highest priority \(10 > 5\)/);
    const explainedJson = JSON.parse((await run(['stories', '--since', '2024-04-17T00:00:00Z', '--explain', '--json', '--config', path])).out) as
      Array<{ versions: Array<{ guid: string }>; explain: { versions: Array<{ via: string; isCanonical: boolean }> } }>;
    const seedExplained = explainedJson.find((s) => s.versions.some((v) => v.guid === 'awp-2024-04-17-0418'));
    expect(seedExplained?.explain.versions.find((v) => v.isCanonical)?.via).toBe('new');
    expect(seedExplained?.explain.versions.filter((v) => !v.isCanonical).every((v) => v.via !== 'new')).toBe(true);
    const recluster = await run(['recluster', '--config', path]);
    expect(recluster.code).toBe(0);
    expect(recluster.out).toMatch(/0 merged, 0 split, 0 items moved/);
  });

  it('reads --since as an ISO date or a duration back from now', () => {
    const now = new Date('2024-04-18T12:00:00Z');
    expect(parseSince('24h', now)).toBe('2024-04-17T12:00:00.000Z');
    expect(parseSince('7d', now)).toBe('2024-04-11T12:00:00.000Z');
    expect(parseSince('2024-04-01', now)).toBe('2024-04-01T00:00:00.000Z');
    expect(parseSince('yesterday', now)).toBeNull();
  });
});
