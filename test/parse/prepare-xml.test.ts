import { describe, expect, it } from 'vitest';
import { prepareXml } from '../../src/parse/prepare-xml.js';
import { mapEntities } from '../../src/parse/xml-entities.js';

describe('mapEntities', () => {
  it.each([
    ['&nbsp;', '&#160;'],
    ['Caf&eacute;', 'Caf&#233;'],
    ['&hellip;&mdash;&rsquo;', '&#8230;&#8212;&#8217;'],
    ['&NotEqualTilde;', '&#8770;&#824;'],
    ['&amp; &lt; &gt; &quot; &apos;', '&amp; &lt; &gt; &quot; &apos;'],
    ['&#233; &#xE9;', '&#233; &#xE9;'],
    ['AT&T', 'AT&amp;T'],
    ['a & b', 'a &amp; b'],
    ['?a=1&b=2', '?a=1&amp;b=2'],
    ['&lol9; &xxe;', '&amp;lol9; &amp;xxe;'],
    ['&notit;', '&amp;notit;'],
    ['&#0;&#x1B;&#xFFFE;&#1114112;', ''],
    ['&#;&#x;&#12a;', '&amp;#;&amp;#x;&amp;#12a;'],
  ])('maps %j to %j', (input, expected) => {
    expect(mapEntities(input)).toBe(expected);
  });
});

describe('prepareXml', () => {
  it('strips a BOM and blank lines before the declaration', () => {
    expect(prepareXml('\uFEFF\n\n  <?xml version="1.0"?><rss/>')).toBe('<?xml version="1.0"?><rss/>');
  });

  it('removes a DOCTYPE with an internal subset and expands its simple text entities, nested ones too', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;">\n]>\n<rss><t>&lol2;</t></rss>';
    expect(prepareXml(xml)).toBe('<?xml version="1.0"?>\n\n<rss><t>lollol</t></rss>');
  });

  it('never expands external or parameter entities, and leaves an entity bomb as literal text', () => {
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const xml = `<!DOCTYPE rss [<!ENTITY l0 "lol">${laughs}<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p "x">]><rss><t>&l9; &xxe; &p;</t></rss>`;
    expect(prepareXml(xml)).toBe('<rss><t>&amp;l9; &amp;xxe; &amp;p;</t></rss>');
  });

  it('reads entity values as text: markup in them is escaped, HTML entities in them mapped', () => {
    const xml = '<!DOCTYPE rss [<!ENTITY co "AT&T <b>Labs</b>&nbsp;">]><rss><t>&co;</t></rss>';
    expect(prepareXml(xml)).toBe('<rss><t>AT&amp;T &lt;b&gt;Labs&lt;/b&gt;&#160;</t></rss>');
  });

  it('maps &lang; and &rang; to the angle brackets of the XHTML 1.0 entity set', () => {
    expect(mapEntities('&lang;x&rang;')).toBe('&#9001;x&#9002;');
  });

  it('removes XML-illegal control characters', () => {
    expect(prepareXml('<rss><t>a\u0001b\u000Bc\u001Fd\tok</t></rss>')).toBe('<rss><t>abcd\tok</t></rss>');
  });

  it('leaves CDATA sections and comments as they are', () => {
    const xml = '<rss><d><![CDATA[AT&T &nbsp; <b>x</b>]]></d><!-- a & b --></rss>';
    expect(prepareXml(xml)).toBe(xml);
  });

  it('drops junk after the root element', () => {
    expect(prepareXml('<rss><channel/></rss>\n<br />\n<b>Warning</b>: something in x.php')).toBe('<rss><channel/></rss>');
  });
});
