import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/scrape/extract-article.js';
import { scrapeDocument } from '../../src/ingest/scrape-pages.js';

const PARAGRAPHS = [
  'The first paragraph of the story is long enough to count as real text, with a comma or two, and a full stop.',
  'A second paragraph follows, again long enough to be counted, because the heuristic wants more than one.',
  'A third paragraph closes the story, so the container clearly reads as an article and not as a list of links.',
].map((p) => `<p>${p}</p>`).join('\n');

describe('extracting an article page', () => {
  it('keeps a wrapper whose class looks like chrome when it holds the article', () => {
    const html = `<html><body><div class="page has-sidebar"><h1>Ferry fares frozen</h1><div class="content">${PARAGRAPHS}</div></div>
      <div class="sidebar"><p>Most read: lifeboat crew called out twice in one night, again and again and again.</p></div></body></html>`;
    const page = extractArticle(html, 'https://courier.example/news/ferry');
    expect(page.bodyHtml).toContain('The first paragraph');
    expect(page.bodyHtml).not.toContain('Most read');
  });

  it('uses JSON-LD articleBody when the page shows only a teaser', () => {
    const body = 'Full paragraph one of a long paywalled story, with plenty of words in it.\n\nFull paragraph two of the same story, also long, and also hidden behind the paywall on the page.\n\nParagraph three.';
    const html = `<html><head><script type="application/ld+json">{"@type":["NewsArticle"],"headline":"Paywalled","datePublished":"2024-04-17","articleBody":${JSON.stringify(body)}}</script></head>
      <body><h1>Paywalled</h1><div class="teaser"><p>Full paragraph one of a long paywalled story…</p></div><div class="paywall">Subscribe to read</div></body></html>`;
    const page = extractArticle(html, 'https://daily.example/story/1');
    expect(page.found.body).toBe('json-ld');
    expect(page.bodyHtml.match(/<p>/g)).toHaveLength(3);
    expect(page.published).toBe('2024-04-17T00:00:00Z');
  });

  it('ignores a canonical link that points at the front page', () => {
    const html = `<html><head><link rel="canonical" href="https://daily.example/"></head><body><h1>T</h1>${PARAGRAPHS}</body></html>`;
    expect(extractArticle(html, 'https://daily.example/story/2').link).toBe('https://daily.example/story/2');
  });

  it('splits a dateline element into place and credit and takes it out of the body', () => {
    const html = `<html><body><h1>T</h1><div class="body"><p class="dl">LYON / Le Progrès</p>${PARAGRAPHS}</div></body></html>`;
    const page = extractArticle(html, 'https://a.example/x', { scrape: { dateline: '.dl', remove: [], maxArticles: 30 } });
    expect(page).toMatchObject({ dateline: 'Lyon', credit: 'Le Progrès' });
    expect(page.bodyHtml).not.toContain('LYON');
  });
});

describe('scrape warnings', () => {
  it('warns, without failing, when a selector missed but a fallback found the field', async () => {
    const html = `<html lang="en"><head><meta property="article:published_time" content="2024-04-17T10:00:00Z"></head><body><h1>Title here</h1>${PARAGRAPHS}</body></html>`;
    const result = await scrapeDocument({ url: 'https://a.example/story/3', text: html }, { scrape: { date: '.pub-date', remove: [], maxArticles: 30 } });
    expect(result.items[0]?.item.published).toBe('2024-04-17T10:00:00Z');
    expect(result.skipped).toEqual(['scrape: date selector `.pub-date` matched nothing on 1 of 1 pages']);
  });
});

describe('bodies written without <p>', () => {
  it('turns <br><br>-separated text into paragraphs', () => {
    const text = [
      'Le conseil municipal a voté mardi soir la rénovation de la halle du marché, fermée depuis deux ans.',
      'Les travaux, estimés à 1,2 million d\'euros, doivent commencer à l\'automne et durer un an environ.',
      'Les commerçants seront installés provisoirement sur la place de l\'église pendant le chantier.',
    ].join('<br><br>\n');
    const html = `<html><body><h1>La halle du marché rénovée</h1><table><tr><td class="menu"><a href="/">Accueil</a></td><td><div class="texte">${text}</div></td></tr></table></body></html>`;
    const page = extractArticle(html, 'https://journal.example/halle');
    expect(page.bodyHtml.match(/<p>/g)).toHaveLength(3);
    expect(page.bodyHtml).not.toContain('<br');
  });
});

describe('telling a listing page from an article page', () => {
  it('reads a front page of long teasers as a listing, not as one article', async () => {
    const teasers = Array.from({ length: 6 }, (_v, i) => `<article><h2><a href="/news/2024/04/story-number-${i}">Story number ${i} makes the front page today</a></h2>
      <p>A teaser paragraph for story ${i}, long enough to look like text, with commas, clauses, and a full stop at the end of it.</p></article>`).join('\n');
    const html = `<html><body><h1>Latest news</h1><main>${teasers}</main></body></html>`;
    const fetched: string[] = [];
    const pages = {
      cache: null, now: () => new Date(),
      fetchPage: async (url: string) => {
        fetched.push(url);
        const body = Buffer.from(`<html><head><meta property="og:type" content="article"><meta property="article:published_time" content="2024-04-17T10:00:00Z"></head><body><h1>${url}</h1>${PARAGRAPHS}</body></html>`);
        return { url, status: 200, notModified: false, body, contentType: 'text/html', etag: null, lastModified: null, permanentRedirect: null, retryAfter: null, cacheControl: null, expires: null, ms: 0 };
      },
    };
    const result = await scrapeDocument({ url: 'https://daily.example/', text: html }, { pages });
    expect(fetched).toHaveLength(6);
    expect(result.items).toHaveLength(6);
  });
});
