/**
 * A document read at one URL and rebased to another is the tree read at the other: over
 * generated documents (always) and every XML file of the fixtures and the public corpora
 * (FEEDPARSER_CORPUS / REAL_FEEDS, when set). Documents declaring a base of their own are read again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareXml } from '../../src/parse/prepare-xml.js';
import { readXmlTree, rebaseTree } from '../../src/parse/xml-tree.js';

const FIRST = 'file:///srv/feeds/feed.xml';
const SECOND = 'https://site.example/news/';

function xmlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(?:xml|rss|atom|rdf)$/i.test(name) && statSync(path).size < 4 * 1024 * 1024) out.push(path);
    }
  };
  walk(root);
  return out;
}

/** How many documents were rebased (the rest declared a base and must be read again). */
function compareRebased(documents: string[]): { rebased: number; reread: number } {
  let rebased = 0;
  let reread = 0;
  for (const text of documents) {
    let xml: string;
    try {
      xml = prepareXml(text);
    } catch {
      continue;
    }
    const first = readXmlTree(xml, FIRST);
    if (!first) continue;
    const moved = rebaseTree(first, SECOND);
    if (moved === null) reread++;
    else {
      rebased++;
      expect(moved).toEqual(readXmlTree(xml, SECOND));
    }
  }
  return { rebased, reread };
}

const GENERATED = [
  '<rss><channel><title>T</title><item><link>a/1</link><description>x <b>y</b></description></item><item><item>nested</item></item></channel></rss>',
  '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="p"/><content type="xhtml"><div><a href="q">z</a></div></content></entry></feed>',
  '<rss><channel xml:base="http://other.example/"><item><link>a</link></item></channel></rss>',
  '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/root/"><entry xml:base="e/"><link href="p"/></entry></feed>',
  '<channel base="http://cdf.example/"><item href="x"/></channel>',
];

describe('rebasing a read tree to another document URL', () => {
  it('gives the tree read at that URL, or asks for a second read when a base is declared', () => {
    expect(compareRebased(GENERATED)).toEqual({ rebased: 2, reread: 3 });
  });

  it('agrees with a second read over every XML fixture', () => {
    const files = xmlFiles(join(import.meta.dirname, '../fixtures'));
    expect(compareRebased(files.map((f) => readFileSync(f, 'utf8'))).rebased).toBeGreaterThan(20);
  });

  const corpora = [process.env.FEEDPARSER_CORPUS, process.env.REAL_FEEDS].filter((p): p is string => !!p);
  it.skipIf(corpora.length === 0)('agrees with a second read over the public corpora', () => {
    const files = corpora.flatMap(xmlFiles);
    expect(compareRebased(files.map((f) => readFileSync(f, 'utf8'))).rebased).toBeGreaterThan(100);
  }, 120_000);
});
