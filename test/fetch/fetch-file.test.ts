import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import type { FetchOptions } from '../../src/fetch/fetch-resource.js';
import type { WiredeskError } from '../../src/model/errors.js';
import { fetchFailure } from './fixture-server.js';

const FIXTURE_URL = new URL('../fixtures/fetch/wire-sample.rss', import.meta.url);
const OPTIONS: FetchOptions = { timeoutMs: 1000, maxBytes: 1 << 20 };
const dir = mkdtempSync(join(tmpdir(), 'wiredesk-fetch-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function failure(url: string, options: FetchOptions = OPTIONS): Promise<WiredeskError> {
  return fetchFailure(url, options);
}

describe('fetchResource with file: URLs', () => {
  it('reads a local file as a 200 with its modification time as Last-Modified', async () => {
    const result = await fetchResource(FIXTURE_URL.href, OPTIONS);
    expect(result).toMatchObject({ url: FIXTURE_URL.href, status: 200, notModified: false, permanentRedirect: null });
    expect(result.body.equals(readFileSync(fileURLToPath(FIXTURE_URL)))).toBe(true);
    expect(Date.parse(result.lastModified ?? '')).not.toBeNaN();
  });

  it('reads a bare path relative to the working directory as a file: URL', async () => {
    const relativePath = relative(process.cwd(), fileURLToPath(FIXTURE_URL));
    const result = await fetchResource(relativePath, OPTIONS);
    expect(result.url).toBe(FIXTURE_URL.href);
    expect(result.body.length).toBeGreaterThan(0);
  });

  it('reports a missing file as FETCH_NOT_FOUND', async () => {
    const err = await failure(pathToFileURL(join(dir, 'missing.rss')).href);
    expect(err.code).toBe('FETCH_NOT_FOUND');
    expect(err.message).toMatch(/^fetch: cannot read file:\/\/.*missing\.rss/);
  });

  it('reports a directory as FETCH_NOT_FOUND', async () => {
    expect((await failure(pathToFileURL(dir).href)).code).toBe('FETCH_NOT_FOUND');
  });

  it('applies maxBytes to files', async () => {
    const path = join(dir, 'big.rss');
    writeFileSync(path, Buffer.alloc(4096, 'x'));
    expect((await failure(pathToFileURL(path).href, { ...OPTIONS, maxBytes: 4095 })).code).toBe('FETCH_TOO_LARGE');
    expect((await fetchResource(pathToFileURL(path).href, { ...OPTIONS, maxBytes: 4096 })).body.length).toBe(4096);
  });

  it('reports an empty file as FETCH_EMPTY', async () => {
    const path = join(dir, 'empty.rss');
    writeFileSync(path, '');
    expect((await failure(pathToFileURL(path).href)).code).toBe('FETCH_EMPTY');
  });

  it('rejects a file: URL naming a remote host as FETCH_BAD_URL', async () => {
    expect((await failure('file://fileserver.example/share/feed.rss')).code).toBe('FETCH_BAD_URL');
  });
});
