import { describe, expect, it } from 'vitest';
import { capNesting, MAX_HTML_DEPTH } from '../../src/scrape/cap-nesting.js';
import { runPageJob } from '../../src/scrape/read-page.js';

const deepest = (html: string): number => {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)div>/g)) {
    depth += m[1] ? -1 : 1;
    max = Math.max(max, depth);
  }
  return max;
};

const nested = (n: number, inner: string): string => `${'<div>'.repeat(n)}${inner}${'</div>'.repeat(n)}`;

describe('capping the nesting of a page', () => {
  it('leaves a page within the cap exactly as it was', () => {
    const html = `<html><body>${nested(40, '<p>Text <b>bold</b></p>')}<script>if (a < b) { x = "<div>"; }</script></body></html>`;
    expect(capNesting(html)).toBe(html);
  });

  it('drops the tags past the cap of 100,000 nested divs and keeps the text inside', () => {
    const html = nested(100_000, '<p>The article text at the very bottom.</p>');
    const capped = capNesting(html);
    expect(deepest(capped)).toBe(MAX_HTML_DEPTH);
    expect(capped).toContain('The article text at the very bottom.');
    expect(capped.length).toBeLessThan(html.length);
  });

  it('counts a paragraph or list item opened after an unclosed one as a sibling, not a child', () => {
    const html = `<ul>${'<li>item '.repeat(1000)}</ul>`;
    expect(capNesting(html)).toBe(html);
  });

  it('extracts an article from a 1.1 MB page of 100,000 nested divs without overflowing the stack', () => {
    const body = Array.from({ length: 4 }, (_v, i) => `<p>Paragraph ${i} of an article buried under a hundred thousand divs, with commas, clauses and a full stop.</p>`).join('');
    const html = `<html><head><title>Buried story</title></head><body>${nested(100_000, `<h1>Buried story</h1>${body}`)}</body></html>`;
    expect(html.length).toBeGreaterThan(1_100_000);
    const read = runPageJob({ kind: 'page', mode: 'article', text: html, url: 'https://deep.example/a/1', scrape: undefined, timezone: null, hints: { seenAt: '2024-05-02T08:00:00Z' } });
    expect(read.kind).toBe('article');
    if (read.kind !== 'article') return;
    expect(read.page.title).toBe('Buried story');
    expect(read.page.bodyHtml).toContain('Paragraph 3 of an article buried');
  });
});
