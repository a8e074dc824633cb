import { describe, expect, it } from 'vitest';
import { findArticleLinks } from '../../src/scrape/find-links.js';
import { dateInUrl, resolvePageDate } from '../../src/scrape/page-date.js';

const NONE = { value: null, from: null };
const SEEN = '2024-05-02T08:00:00Z';

describe('the date of a page that gives none of its own', () => {
  it('prefers the page own date and says where it came from', () => {
    expect(resolvePageDate({ value: '2024-04-17T19:02:00Z', from: 'json-ld' }, 'https://a.example/x', { listingDate: '2024-01-01T00:00:00Z', seenAt: SEEN }, null))
      .toEqual({ published: '2024-04-17T19:02:00Z', dateSource: 'json-ld' });
  });

  it('takes the listing date, then the URL, then Last-Modified, then the first-seen time', () => {
    const url = 'https://a.example/2024/03/08/harbour-lights';
    expect(resolvePageDate(NONE, url, { listingDate: '2024-03-07T10:00:00Z', seenAt: SEEN }, null)).toEqual({ published: '2024-03-07T10:00:00Z', dateSource: 'listing' });
    expect(resolvePageDate(NONE, url, { lastModified: 'Fri, 08 Mar 2024 12:00:00 GMT', seenAt: SEEN }, null)).toEqual({ published: '2024-03-08T00:00:00Z', dateSource: 'url' });
    expect(resolvePageDate(NONE, 'https://a.example/harbour-lights', { lastModified: 'Fri, 08 Mar 2024 12:00:00 GMT', seenAt: SEEN }, null))
      .toEqual({ published: '2024-03-08T12:00:00Z', dateSource: 'last-modified' });
    expect(resolvePageDate(NONE, 'https://a.example/harbour-lights', { seenAt: SEEN }, null)).toEqual({ published: SEEN, dateSource: 'first-seen' });
  });

  it('ignores a Last-Modified in the future', () => {
    expect(resolvePageDate(NONE, 'https://a.example/x', { lastModified: 'Fri, 01 Jan 2100 00:00:00 GMT', seenAt: SEEN }, null).dateSource).toBe('first-seen');
  });

  it('reads dates written in URLs, and not ids that look like numbers', () => {
    expect(dateInUrl('https://a.example/news/2024-04-17-floods-in-dubai', null)).toBe('2024-04-17T00:00:00Z');
    expect(dateInUrl('https://a.example/archive/20240417/story.html', null)).toBe('2024-04-17T00:00:00Z');
    expect(dateInUrl('https://a.example/2024/04/17/', 'Europe/Paris')).toBe('2024-04-16T22:00:00Z');
    expect(dateInUrl('https://a.example/story/1234567890', null)).toBeNull();
    expect(dateInUrl('https://a.example/2024/13/45/x', null)).toBeNull();
  });

  it('reads the date a listing shows beside each article link', () => {
    const html = `<html><body>
      <article><h2><a href="/news/one-long-story">The first story of the day on the front page</a></h2><time datetime="2024-04-17T09:45:00+02:00">17 April</time></article>
      <article><h2><a href="/news/two-long-story">The second story of the day, without a date</a></h2></article></body></html>`;
    const links = findArticleLinks(html, 'https://a.example/', undefined, 30);
    expect(links.urls).toEqual(['https://a.example/news/one-long-story', 'https://a.example/news/two-long-story']);
    expect(links.dates).toEqual({ 'https://a.example/news/one-long-story': '2024-04-17T07:45:00Z' });
  });
});
