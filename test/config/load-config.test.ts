import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText, resolveSourceUrl } from '../../src/config/load-config.js';
import { configProblems } from '../helpers/config-problems.js';

const minimal = { sources: [{ id: 'a', url: 'https://example.com/feed', kind: 'wire' }] };

const problemsOf = (json: unknown) => configProblems(json);

describe('config', () => {
  it('fills defaults for everything optional', () => {
    const { config } = parseConfigText(JSON.stringify(minimal), '/x/feeds.config.json');
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080, searchTimeoutMs: 2000 });
    expect(config.database).toBe('data/wiredesk.db');
    expect(config.sources[0]).toMatchObject({ type: 'auto', priority: 0, enabled: true, tags: [] });
    expect(config.fetch.timeoutMs).toBe(20_000);
  });

  it('names the file and the key path of a bad source URL', () => {
    const problems = problemsOf({ sources: [minimal.sources[0], { id: 'b', url: 'ftp://x/y', kind: 'wire' }] });
    expect(problems).toEqual(['feeds.config.json: sources[1].url: must be an http(s) URL, a file: URL or a file path']);
  });

  it('refuses unknown keys with their path', () => {
    const problems = problemsOf({ ...minimal, feeds: [{ id: 'f', title: 'F', limt: 5 }] });
    expect(problems).toEqual(['feeds.config.json: feeds[0].limt: unknown key']);
  });

  it('refuses duplicate source and feed ids', () => {
    const problems = problemsOf({
      sources: [minimal.sources[0], minimal.sources[0]],
      feeds: [{ id: 'f', title: 'F' }, { id: 'f', title: 'G' }],
    });
    expect(problems).toContain('feeds.config.json: sources[1].id: duplicate id "a"');
    expect(problems).toContain('feeds.config.json: feeds[1].id: duplicate id "f"');
  });

  it('refuses a curated feed naming a source that does not exist', () => {
    const problems = problemsOf({ ...minimal, feeds: [{ id: 'f', title: 'F', include: { sources: ['nope'] } }] });
    expect(problems).toEqual(['feeds.config.json: feeds[0].include.sources[0]: unknown source id "nope"']);
  });

  it('reports every problem at once, including wrong types', () => {
    const problems = problemsOf({ sources: [{ id: 'A B', url: 'https://x', kind: 'agency', priority: 'high' }] });
    expect(problems.map((p) => p.split(': ')[1])).toEqual(['sources[0].id', 'sources[0].kind', 'sources[0].priority']);
  });

  it('says when the file is not JSON', () => {
    expect(() => parseConfigText('{ "sources": [', '/x/feeds.config.json')).toThrow(/^feeds\.config\.json: not valid JSON/);
  });

  it('reads a config file from disk and resolves relative source paths against its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-config-'));
    const path = join(dir, 'feeds.config.json');
    writeFileSync(path, JSON.stringify({ sources: [{ id: 'a', url: 'samples/a.rss', kind: 'wire' }] }));
    const loaded = loadConfig(path);
    expect(loaded.dir).toBe(dir);
    expect(resolveSourceUrl('samples/a.rss', loaded.dir)).toBe(`file://${dir}/samples/a.rss`);
    expect(resolveSourceUrl('https://example.com/f', loaded.dir)).toBe('https://example.com/f');
  });

  it('fails with CONFIG_UNREADABLE when the file is missing', () => {
    expect(() => loadConfig('/nonexistent/feeds.config.json')).toThrow(expect.objectContaining({ code: 'CONFIG_UNREADABLE' }));
  });

  it('reads a file that starts with a UTF-8 byte order mark, as Windows Notepad saves it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wd-config-')), 'feeds.config.json');
    writeFileSync(path, `\uFEFF${JSON.stringify(minimal)}`, 'utf8');
    expect(loadConfig(path).config.sources[0]?.id).toBe('a');
  });

  it('gives up on an endless file (/dev/zero) with CONFIG_UNREADABLE instead of reading forever', () => {
    expect(() => loadConfig('/dev/zero')).toThrow(expect.objectContaining({ code: 'CONFIG_UNREADABLE', message: expect.stringContaining('larger than') }));
  });

  it('checks the private networks allowed to content, globally and per source, with their key path', () => {
    const problems = problemsOf({
      fetch: { allowPrivateNetworks: ['10.0.0.0/8', 'not-a-network'] },
      sources: [{ ...minimal.sources[0], allowPrivateNetworks: ['fd00::/129'] }],
    });
    expect(problems).toEqual([
      'feeds.config.json: fetch.allowPrivateNetworks[1]: must be an IP network such as "10.0.0.0/8", "192.168.1.20" or "fd00::/8"',
      'feeds.config.json: sources[0].allowPrivateNetworks[0]: must be an IP network such as "10.0.0.0/8", "192.168.1.20" or "fd00::/8"',
    ]);
    expect(problemsOf({ ...minimal, fetch: { allowPrivateNetworks: true } })).toEqual([]);
  });

  it('accepts the bundled sample config', () => {
    const { config } = loadConfig(new URL('../../feeds.config.json', import.meta.url).pathname);
    expect(config.sources.length).toBeGreaterThanOrEqual(3);
    expect(config.feeds.length).toBeGreaterThanOrEqual(2);
  });
});
