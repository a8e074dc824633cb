import { describe, expect, it } from 'vitest';
import { canonicalUrl, isTrackingParam } from '../../src/normalize/canonical-url.js';

const BASE = 'https://news.example/world/feed.xml';

describe('canonicalUrl', () => {
  it.each([
    ['https://news.example/a', 'https://news.example/a'],
    ['/story/1', 'https://news.example/story/1'],
    ['story/1', 'https://news.example/world/story/1'],
    ['../story/1', 'https://news.example/story/1'],
    ['//cdn.example/x.jpg', 'https://cdn.example/x.jpg'],
    ['  https://news.example/a \n', 'https://news.example/a'],
    ['HTTP://News.Example:80/A', 'http://news.example/A'],
    ['https://news.example', 'https://news.example/'],
    ['https://news.example/a?utm_source=rss&utm_medium=feed', 'https://news.example/a'],
    ['https://news.example/a?id=3&utm_campaign=x&page=2', 'https://news.example/a?id=3&page=2'],
    ['https://news.example/a?UTM_Source=x&id=3', 'https://news.example/a?id=3'],
    ['https://news.example/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5&_ga=6&yclid=7&msclkid=8', 'https://news.example/a'],
    ['https://news.example/a?q=caf%C3%A9+cr%C3%A8me&utm_term=x', 'https://news.example/a?q=caf%C3%A9+cr%C3%A8me'],
    ['https://news.example/a?', 'https://news.example/a'],
    ['https://news.example/a#', 'https://news.example/a'],
    ['https://news.example/a#section-2', 'https://news.example/a#section-2'],
    ['https://news.example/#/story/42', 'https://news.example/#/story/42'],
    ['https://news.example/a?utm_source=x#top', 'https://news.example/a#top'],
    ['https://bücher.example/ä', 'https://xn--bcher-kva.example/%C3%A4'],
  ])('makes %j canonical as %j', (href, expected) => {
    expect(canonicalUrl(href, BASE)).toBe(expected);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['mailto:desk@news.example'],
    ['ftp://files.example/a'],
    ['file:///etc/passwd'],
    ['http://bad host.example/'],
    ['http://'],
    [''],
    ['   '],
  ])('refuses %j', (href) => {
    expect(canonicalUrl(href, BASE)).toBeNull();
  });

  it('cannot resolve a relative link without a base', () => {
    expect(canonicalUrl('/story/1', null)).toBeNull();
    expect(canonicalUrl('https://news.example/story/1', null)).toBe('https://news.example/story/1');
  });

  it('returns null rather than throwing on non-strings', () => {
    expect(canonicalUrl(null, BASE)).toBeNull();
    expect(canonicalUrl(undefined, BASE)).toBeNull();
  });

  it('knows tracking parameters but not look-alikes', () => {
    expect(isTrackingParam('utm_content')).toBe(true);
    expect(isTrackingParam('fbclid')).toBe(true);
    expect(isTrackingParam('utmost')).toBe(false);
    expect(isTrackingParam('id')).toBe(false);
  });
});
