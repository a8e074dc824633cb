import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';

function configWith(scrape: object): string {
  return JSON.stringify({ sources: [{ id: 'site', url: 'https://site.example/news', kind: 'partner', type: 'html', scrape }] });
}

describe('scrape settings in the config', () => {
  it('accepts every documented key', () => {
    const loaded = parseConfigText(configWith({
      links: 'article h2 a', title: 'h1', date: '.date', dateFormat: 'd MMMM yyyy HH:mm', locale: 'fr',
      dateline: '.dateline', author: '.author', body: '.article-body', remove: ['.loading', 'aside'], maxArticles: 10,
    }), '/tmp/feeds.config.json');
    expect(loaded.config.sources[0]?.scrape).toMatchObject({ links: 'article h2 a', maxArticles: 10 });
  });

  it('names the key path of a selector that is not valid CSS', () => {
    let message = '';
    try {
      parseConfigText(configWith({ date: '.date[', remove: ['aside', 'div >> p'] }), '/tmp/feeds.config.json');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('sources[0].scrape.date: must be a valid CSS selector');
    expect(message).toContain('sources[0].scrape.remove[1]: must be a valid CSS selector');
  });
});
