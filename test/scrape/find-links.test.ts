import { describe, expect, it } from 'vitest';
import { findArticleLinks } from '../../src/scrape/find-links.js';

const FRONT = `<html><body>
<header><nav><a href="/monde/">Monde</a> <a href="/politique/">Politique</a></nav></header>
<main>
  <article><h2><a href="/monde/2024/04/17/russie-karabakh-retrait_123.html">La Russie retire ses forces du Karabakh</a></h2></article>
  <article><h3><a href="https://www.site.example/economie/inflation-avril-2024">L'inflation ralentit en avril</a></h3></article>
  <div class="card"><h2><a href="/monde/2024/04/17/russie-karabakh-retrait_123.html#comments">La Russie retire ses forces du Karabakh</a></h2></div>
  <h2><a href="/rubriques/monde/">Tout Monde</a></h2>
  <h2><a href="https://other.example/sponsored-story-2024">Une offre exceptionnelle</a></h2>
  <div class="share"><a href="https://twitter.com/intent/tweet?u=1">Partager</a></div>
</main>
<footer><a href="/mentions-legales">Mentions légales</a></footer>
</body></html>`;

describe('finding article links on a listing page', () => {
  it('finds headline links on the same site, once each, without sections, fragments or other sites', () => {
    const links = findArticleLinks(FRONT, 'https://www.site.example/', undefined, 30);
    expect(links.urls).toEqual([
      'https://www.site.example/monde/2024/04/17/russie-karabakh-retrait_123.html',
      'https://www.site.example/economie/inflation-avril-2024',
    ]);
  });

  it('takes exactly what the links selector matches, capped at maxArticles', () => {
    const links = findArticleLinks(FRONT, 'https://www.site.example/', 'main h2 a', 2);
    expect(links.urls).toEqual([
      'https://www.site.example/monde/2024/04/17/russie-karabakh-retrait_123.html',
      'https://www.site.example/rubriques/monde/',
    ]);
  });

  it('falls back to long links to article-like paths when the page has no headings', () => {
    const html = '<body><ul><li><a href="/a/2024/short">Court</a></li><li><a href="/news/ferry-fares-frozen-for-another-year">Harbour ferry fares frozen for another year after vote</a></li></ul></body>';
    expect(findArticleLinks(html, 'https://harbour.example/news/', undefined, 30).urls).toEqual(['https://harbour.example/news/ferry-fares-frozen-for-another-year']);
  });

  it('never follows a page on the web to a local file', () => {
    const html = '<body><article><h2><a href="file:///etc/passwd">Une histoire très intéressante</a></h2></article></body>';
    expect(findArticleLinks(html, 'https://www.site.example/', undefined, 30).urls).toEqual([]);
  });

  it('rejects an invalid links selector with SCRAPE_FAILED', () => {
    expect(() => findArticleLinks(FRONT, 'https://www.site.example/', 'h2 >> a', 30)).toThrow(expect.objectContaining({ code: 'SCRAPE_FAILED' }));
  });
});
