import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../src/normalize/sanitize-html.js';

const BASE = 'https://news.example/world/story.html';

/** Anything that could run script or load active content once the HTML is shown in a reader. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script|<iframe|<object|<embed|<svg|<math|<style|<meta|<base|<form|<link/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:|vbscript:|data:|expression\(/i);
  expect(html).not.toMatch(/\sstyle\s*=/i);
}

describe('sanitizeHtml against XSS vectors', () => {
  it.each([
    ['script tag', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['script with odd casing', '<ScRiPt>alert(1)</sCrIpT><p>b</p>', '<p>b</p>'],
    ['img onerror', '<img src="x.png" onerror="alert(1)">', '<img src="https://news.example/world/x.png" />'],
    ['javascript: href', '<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['javascript: with entity-encoded letters', '<a href="&#106;avascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['javascript: with a hex entity for the colon', '<a href="javascript&#x3A;alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['javascript: with a tab inside', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['javascript: with leading spaces and newline', '<a href="  \njavascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['vbscript: href', '<a href="vbscript:msgbox(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['data: URL link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['data: URL image', '<img src="data:image/svg+xml,<svg onload=alert(1)>">', ''],
    ['svg onload', '<svg onload="alert(1)"><circle r="4"/></svg><p>after</p>', '<p>after</p>'],
    ['svg with script inside', '<svg><script>alert(1)</script><text>hidden</text></svg>', ''],
    ['math with an href', '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>', ''],
    ['iframe', '<iframe src="https://evil.example/"></iframe><p>ok</p>', '<p>ok</p>'],
    ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', ''],
    ['object and embed', '<object data="x.swf"></object><embed src="x.swf">', ''],
    ['style element', '<style>body{background:url(javascript:alert(1))}</style><p>t</p>', '<p>t</p>'],
    ['style attribute expression', '<p style="width:expression(alert(1))">t</p>', '<p>t</p>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>t</p>', '<p>t</p>'],
    ['base href', '<base href="https://evil.example/"><a href="/x">x</a>', '<a href="https://news.example/x" rel="noopener noreferrer">x</a>'],
    ['form and inputs', '<form action="https://evil.example/"><input name="q"><button>Go</button></form>', 'Go'],
    ['event handler on an allowed tag', '<p onclick="alert(1)" onmouseover="alert(2)">t</p>', '<p>t</p>'],
    ['link element', '<link rel="stylesheet" href="https://evil.example/x.css"><p>t</p>', '<p>t</p>'],
    ['unclosed attribute trick', '<img src="x" alt="a" onerror=alert(1)//', ''],
    ['comment-wrapped script', '<!--<script>alert(1)</script>--><p>t</p>', '<p>t</p>'],
    ['textarea breakout', '<textarea></textarea><script>alert(1)</script></textarea>', ''],
    ['noscript with markup', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', ''],
  ])('neutralizes %s', (_name, input, expected) => {
    const output = sanitizeHtml(input, BASE);
    expectInert(output);
    expect(output).toBe(expected);
  });
});

describe('sanitizeHtml allowlist and URLs', () => {
  it('keeps article markup', () => {
    const html = '<h2>Sub</h2><p><em>a</em> <strong>b</strong> <b>c</b> <i>d</i> <u>e</u> <s>f</s> <sub>g</sub><sup>h</sup> <code>i</code></p>'
      + '<blockquote><p>q</p></blockquote><ul><li>1</li></ul><ol><li>2</li></ol><pre>x  y</pre><hr>'
      + '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2">c</td></tr></tbody></table>'
      + '<figure><img src="/i.jpg" alt="A" title="T" width="10" height="20"><figcaption>cap</figcaption></figure>'
      + '<dl><dt>t</dt><dd>d</dd></dl><abbr title="United Nations">UN</abbr> <cite>c</cite> <q>q</q> <span>s</span><div>d</div>';
    expect(sanitizeHtml(html, BASE)).toBe(
      '<h2>Sub</h2><p><em>a</em> <strong>b</strong> <b>c</b> <i>d</i> <u>e</u> <s>f</s> <sub>g</sub><sup>h</sup> <code>i</code></p>'
      + '<blockquote><p>q</p></blockquote><ul><li>1</li></ul><ol><li>2</li></ol><pre>x  y</pre><hr />'
      + '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2">c</td></tr></tbody></table>'
      + '<figure><img alt="A" title="T" width="10" height="20" src="https://news.example/i.jpg" /><figcaption>cap</figcaption></figure>'
      + '<dl><dt>t</dt><dd>d</dd></dl><abbr title="United Nations">UN</abbr> <cite>c</cite> <q>q</q> <span>s</span><div>d</div>',
    );
  });

  it('makes relative links and images absolute against the base', () => {
    expect(sanitizeHtml('<a href="../a">x</a><img src="b.png">', BASE)).toBe(
      '<a href="https://news.example/a" rel="noopener noreferrer">x</a><img src="https://news.example/world/b.png" />',
    );
  });

  it('keeps http, https and mailto links, with rel noopener noreferrer', () => {
    expect(sanitizeHtml('<a href="mailto:desk@news.example" rel="opener" target="_blank">m</a>', BASE)).toBe(
      '<a href="mailto:desk@news.example" rel="noopener noreferrer">m</a>',
    );
  });

  it('drops images that are not http(s) and 1x1 tracking pixels', () => {
    expect(sanitizeHtml('<img src="ftp://x.example/a.png"><img src="https://t.example/p.gif" width="1" height="1"><p>t</p>', BASE)).toBe('<p>t</p>');
  });

  it('drops ids, classes and unknown attributes', () => {
    expect(sanitizeHtml('<p id="x" class="lead" data-track="1" lang="fr">t</p>', BASE)).toBe('<p>t</p>');
  });

  it('keeps the text of unknown wrapper tags', () => {
    expect(sanitizeHtml('<custom-card><font color="red">text</font></custom-card>', BASE)).toBe('text');
  });

  it('escapes text so it cannot become markup', () => {
    expect(sanitizeHtml('a &lt;script&gt; b', BASE)).toBe('a &lt;script&gt; b');
  });

  it('returns an empty string for empty input', () => {
    expect(sanitizeHtml('', BASE)).toBe('');
  });
});
