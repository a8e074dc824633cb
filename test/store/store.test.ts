import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import { tempStore } from '../helpers/temp-store.js';

describe('store', () => {
  it('creates the schema once and reopens an existing file without migrating again', () => {
    const { store, path } = tempStore();
    store.sources.ensure('a', 'https://example.com/a');
    store.close();
    const again = openStore(path);
    expect(again.sources.get('a')?.url).toBe('https://example.com/a');
    again.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.id);
    expect(raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('keeps fetch validators and resets them when the configured URL changes', () => {
    const { store } = tempStore();
    store.sources.ensure('a', 'https://example.com/a');
    store.sources.recordSuccess('a', { at: '2024-01-01T00:00:00Z', status: 200, etag: '"x"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT', nextFetchAt: null });
    expect(store.sources.get('a')).toMatchObject({ etag: '"x"', lastStatus: 200, errorCount: 0 });
    store.sources.ensure('a', 'https://example.com/b');
    expect(store.sources.get('a')).toMatchObject({ url: 'https://example.com/b', etag: null, lastModified: null });
  });

  it('counts failures until the next success', () => {
    const { store } = tempStore();
    store.sources.ensure('a', 'https://example.com/a');
    const fail = { at: '2024-01-01T00:00:00Z', status: 500, code: 'FETCH_HTTP_STATUS', message: 'fetch: 500', nextFetchAt: '2024-01-01T00:10:00Z' };
    store.sources.recordFailure('a', fail);
    store.sources.recordFailure('a', fail);
    expect(store.sources.get('a')).toMatchObject({ errorCount: 2, lastError: 'fetch: 500', lastErrorCode: 'FETCH_HTTP_STATUS' });
    store.sources.recordSuccess('a', { at: '2024-01-01T01:00:00Z', status: 200, etag: null, lastModified: null, nextFetchAt: null });
    expect(store.sources.get('a')).toMatchObject({ errorCount: 0, lastError: null, lastSuccessAt: '2024-01-01T01:00:00Z' });
  });

  it('gives a lease to one holder at a time until it expires or is released', () => {
    const { store, path } = tempStore();
    const other = openStore(path);
    expect(store.leases.acquire('ingest', 'one', 1000, 10_000)).toBe(true);
    expect(other.leases.acquire('ingest', 'two', 1000, 10_500)).toBe(false);
    expect(other.leases.holderOf('ingest', 10_500)).toBe('one');
    expect(other.leases.acquire('ingest', 'two', 1000, 11_001)).toBe(true);
    expect(store.leases.acquire('ingest', 'one', 1000, 11_100)).toBe(false);
    other.leases.release('ingest', 'two');
    expect(store.leases.acquire('ingest', 'one', 1000, 11_200)).toBe(true);
    other.close();
  });

  it('rolls back a whole transaction when any part of it fails', () => {
    const { store } = tempStore();
    store.sources.ensure('a', 'https://example.com/a');
    expect(() =>
      store.transaction(() => {
        store.meta.bumpGeneration();
        store.stories.create('st_1', '2024-01-01T00:00:00Z');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.meta.generation()).toBe(0);
    expect(store.stories.count()).toBe(0);
  });

  it('reports a store it cannot open as STORE_FAILED', () => {
    expect(() => openStore('/dev/null/nope.db')).toThrow(expect.objectContaining({ code: 'STORE_FAILED' }));
  });
});
