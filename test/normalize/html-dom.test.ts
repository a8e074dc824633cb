import { load } from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { descendantsNamed, parseFragment, removeNode, renderNodes, textOf } from '../../src/normalize/html-dom.js';
import { HTML_FRAGMENT_OPTIONS } from '../../src/normalize/html-to-text.js';

const FRAGMENTS = [
  '<p>Caf&eacute; &amp; cr&egrave;me &lt;b&gt; &#8212; &nbsp;x</p>',
  '<p title="a &quot;quoted&quot; &amp; title">one<br>two<br/>three</p><img src="https://e.org/a.png" alt="">',
  '<div><p>unclosed <b>bold <i>both</p><p>next</div> trailing &copy;',
  '<table><tr><td colspan="2">cell</td></tr></table><ul><li>a<li>b</ul>',
  '<p>emoji 😀 and \u00a0 spaces\u2003and a lone <em></em> inline</p><!-- comment -->',
];

describe('one HTML fragment as a DOM', () => {
  it('parses and serializes every fragment exactly as cheerio.load with the fragment options did', () => {
    for (const html of FRAGMENTS) {
      const $ = load(html, HTML_FRAGMENT_OPTIONS, false);
      expect(renderNodes(parseFragment(html).children)).toBe($.html());
    }
  });

  it('removes a node so the rest serializes without it', () => {
    const root = parseFragment('<p>keep</p><p>drop</p><p>keep too</p>');
    const [, second] = root.children;
    if (second) removeNode(second);
    expect(renderNodes(root.children)).toBe('<p>keep</p><p>keep too</p>');
  });

  it('finds named descendants in document order, not the node itself, and reads text without comments', () => {
    const root = parseFragment('<b>outer <strong>in <em>deep</em></strong><!-- note --> tail</b>');
    const outer = root.children[0];
    if (!outer) throw new Error('no outer element');
    expect(descendantsNamed(outer, new Set(['b', 'strong', 'em'])).map((el) => el.name)).toEqual(['strong', 'em']);
    expect(textOf(outer)).toBe('outer in deep tail');
  });
});
