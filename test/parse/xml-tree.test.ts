import { describe, expect, it } from 'vitest';
import { readXmlTree } from '../../src/parse/xml-tree.js';

const URL = 'https://feeds.example/feed.xml';

function tree(xml: string) {
  const read = readXmlTree(xml, URL);
  if (!read) throw new Error('expected a tree');
  return read;
}

describe('readXmlTree', () => {
  it('keeps Atom XHTML content as markup in document order, namespace prefixes dropped', () => {
    const { entries } = tree('<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><x:div xmlns:x="http://www.w3.org/1999/xhtml"><x:p>a <x:b>b</x:b> c</x:p></x:div></content></entry></feed>');
    const content = entries[0]?.children.find((c) => c.name === 'content');
    expect(content).toMatchObject({ markup: true, text: '<div><p>a <b>b</b> c</p></div>' });
  });

  it('keeps raw HTML tags in an RSS description as markup, its text re-escaped', () => {
    const { entries } = tree('<rss><channel><item><description><p>Hi &amp; <b>x</b> there</p></description></item></channel></rss>');
    expect(entries[0]?.children[0]).toMatchObject({ name: 'description', markup: true, text: '<p>Hi &amp; <b>x</b> there</p>' });
  });

  it('keeps escaped HTML in a description as its decoded text', () => {
    const { entries } = tree('<rss><channel><item><description>&lt;p&gt;a]]&gt;b&lt;/p&gt;</description></item></channel></rss>');
    expect(entries[0]?.children[0]).toMatchObject({ markup: false, text: '<p>a]]>b</p>' });
  });

  it('names elements by namespace, whatever prefix the document chose', () => {
    const { root, channel, entries } = tree('<r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:d="http://purl.org/dc/elements/1.1/"><rss:channel><rss:title>t</rss:title></rss:channel><rss:item r:about="u"><d:Creator>c</d:Creator></rss:item></r:RDF>');
    expect(root.name).toBe('rdf:rdf');
    expect(channel.children[0]?.name).toBe('title');
    expect(entries[0]?.attrs['rdf:about']).toBe('u');
    expect(entries[0]?.children[0]?.name).toBe('dc:creator');
  });

  it('reads a prefixed Atom root as an Atom feed', () => {
    const { root, entries } = tree('<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>t</atom:title><atom:entry><atom:id>1</atom:id></atom:entry></atom:feed>');
    expect(root.name).toBe('feed');
    expect(entries[0]?.children[0]?.name).toBe('id');
  });

  it('keeps the items of a truncated document, the cut one included', () => {
    const { entries } = tree('<rss><channel><item><title>one</title></item><item><title>two</title><link>https://x.example/2</li');
    expect(entries.map((e) => e.children[0]?.text)).toEqual(['one', 'two']);
  });

  it('lists nested items on their own, outer first', () => {
    const { entries } = tree('<rss><channel><item><title>outer</title><item><title>inner</title></item></item></channel></rss>');
    expect(entries.map((e) => e.children.map((c) => c.text))).toEqual([['outer'], ['inner']]);
  });

  it('resolves xml:base at every level against the document URL', () => {
    const { entries } = tree('<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><entry xml:base="2024/"><link xml:base="https://other.example/a/" href="p"/></entry></feed>');
    expect(entries[0]?.base).toBe('https://feeds.example/blog/2024/');
    expect(entries[0]?.children[0]?.base).toBe('https://other.example/a/');
  });

  it('ignores elements nested deeper than its limit instead of recursing', () => {
    const deep = `<rss><channel><title>t</title>${'<x>'.repeat(5000)}deep${'</x>'.repeat(5000)}</channel></rss>`;
    expect(tree(deep).channel.children[0]?.text).toBe('t');
  });
});
