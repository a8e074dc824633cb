/** `wiredesk parse` on pages: an article page gives one item, a listing page one line with all its articles. */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOne } from '../../src/cli/parse.js';
import { configSchema } from '../../src/config/schema.js';

const PAGES = new URL('../../data/samples/pages/', import.meta.url).pathname;
const CONFIG = configSchema.parse({ sources: [{ id: 'parse', url: 'file:/dev/null', kind: 'partner' }] });

describe('wiredesk parse on HTML pages', () => {
  it('reads an article page with no selectors', async () => {
    const line = await parseOne(`${PAGES}russie-retrait-karabakh.html`, CONFIG, { type: 'auto', titleCase: 'sentence', timezone: 'Europe/Paris' });
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.items).toHaveLength(1);
    expect(line.items[0]).toMatchObject({ published: '2024-04-17T19:02:00Z', dateline: 'Paris', author: 'La Gazette', language: 'fr' });
  });

  it('reads a listing page as one line holding every linked article', async () => {
    const line = await parseOne(pathToFileURL(`${PAGES}actualites.html`).href, CONFIG, { type: 'html', timezone: 'Europe/Paris' });
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.feed.title).toBe('La Gazette');
    expect(line.items.map((i) => i.published)).toEqual(['2024-04-17T19:02:00Z', '2024-04-17T09:45:00Z', '2024-04-16T16:30:00Z']);
    expect(line.items.every((i) => i.contentText.length > 500)).toBe(true);
  });

  it('reports a document that is not an HTML page as a SCRAPE_FAILED line', async () => {
    const line = await parseOne(`${PAGES}../README.md`, CONFIG, { type: 'html' });
    expect(line).toMatchObject({ error: { code: 'SCRAPE_FAILED' } });
  });
});
