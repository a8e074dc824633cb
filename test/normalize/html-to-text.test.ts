import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/normalize/html-to-text.js';
import { plainTitle } from '../../src/normalize/plain-title.js';

describe('htmlToText', () => {
  it('puts each block on its own line', () => {
    expect(htmlToText('<h2>Title</h2><p>One</p><p>Two</p><ul><li>a</li><li>b</li></ul><blockquote>q</blockquote>'))
      .toBe('Title\nOne\nTwo\na\nb\nq');
  });

  it('turns <br> into a line break', () => {
    expect(htmlToText('<p>line one<br>line two<br/><br/>line three</p>')).toBe('line one\nline two\nline three');
  });

  it('keeps inline elements in the flow of their line', () => {
    expect(htmlToText('<p>The <strong>harbour</strong> re<em>opened</em> <a href="/x">today</a>.</p>')).toBe('The harbour reopened today.');
  });

  it('decodes entities', () => {
    expect(htmlToText('<p>Caf&eacute; &amp; cr&egrave;me &#8212; 5 &lt; 6 &hellip;</p>')).toBe('Café & crème — 5 < 6 …');
  });

  it('folds whitespace per line, including newlines and non-breaking spaces inside a paragraph', () => {
    expect(htmlToText('<p>  a \n\t b&nbsp;&nbsp;c  </p>\n\n<p>\n d \n</p>')).toBe('a b c\nd');
  });

  it('drops script, style and template contents', () => {
    expect(htmlToText('<p>a</p><script>var x = 1;</script><style>p{}</style><template><p>t</p></template><p>b</p>')).toBe('a\nb');
  });

  it('separates table cells and rows', () => {
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>')).toBe('a b\nc d');
  });

  it('keeps the line structure of preformatted text', () => {
    expect(htmlToText('<pre>line 1\nline 2</pre>')).toBe('line 1\nline 2');
  });

  it('keeps soft hyphens, zero-width spaces and joiners, and drops a stray BOM', () => {
    expect(htmlToText('<p>in\u00ADter\u200Bna\uFEFFtional \u{1F468}\u200D\u{1F467} \u0645\u06CC\u200C\u062E</p>')).toBe('in\u00ADter\u200Bnational \u{1F468}\u200D\u{1F467} \u0645\u06CC\u200C\u062E');
  });

  it('returns an empty string for empty or markup-only input', () => {
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<p> </p><img src="x.png"><br>')).toBe('');
  });
});

describe('plainTitle', () => {
  it('strips tags and decodes entities of an HTML title', () => {
    expect(plainTitle({ value: 'Harbour <em>reopens</em> &amp; ferries return', type: 'html' })).toBe('Harbour reopens & ferries return');
  });

  it('keeps angle brackets of a plain-text title', () => {
    expect(plainTitle({ value: 'Why 5 <b> 6', type: 'text' })).toBe('Why 5 <b> 6');
  });

  it('decodes entities left in a plain-text title by double escaping', () => {
    expect(plainTitle({ value: 'Tom &amp; Jerry &eacute;t&eacute;', type: 'text' })).toBe('Tom & Jerry été');
  });

  it('folds whitespace and line breaks into single spaces', () => {
    expect(plainTitle({ value: '  Two\n  lines<br>here ', type: 'html' })).toBe('Two lines here');
    expect(plainTitle({ value: 'a\n\tb', type: 'text' })).toBe('a b');
  });

  it('returns an empty string for a missing title', () => {
    expect(plainTitle(null)).toBe('');
    expect(plainTitle({ value: '   ', type: 'text' })).toBe('');
  });
});
