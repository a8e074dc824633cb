import { describe, expect, it } from 'vitest';
import { detectFormat, sniffDocument } from '../../src/parse/detect-format.js';

describe('detectFormat', () => {
  it.each([
    ['<rss version="2.0"><channel/></rss>', 'rss'],
    ['<rss version="0.91"><channel/></rss>', 'rss'],
    ['<?xml version="1.0"?>\n<!-- generator: x -->\n<?xml-stylesheet href="s.xsl"?>\n<rss><channel/></rss>', 'rss'],
    ['\uFEFF\n\n   <?xml version="1.0"?><rss version="2.0"/>', 'rss'],
    ['<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss version="0.91"/>', 'rss'],
    ['<!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"/>', 'rss'],
    ['<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x"><rss version="2.0"/>', 'rss'],
    ['<!DOCTYPE html>\n<feed xmlns="http://www.w3.org/2005/Atom"/>', 'atom'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"/>', 'rdf'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"/>', 'rdf'],
    ['<feed xmlns="http://www.w3.org/2005/Atom"/>', 'atom'],
    ['<feed\n  xmlns="http://www.w3.org/2005/\n  Atom"\n  xml:lang="en"/>', 'atom'],
    ['<feed version="0.3" xmlns="http://purl.org/atom/ns#"/>', 'atom'],
    ['<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>', 'atom'],
    ['<feed><title>no namespace</title></feed>', 'atom'],
    ['<feed version="0.2" xmlns="http://purl.org/echo/"/>', 'atom'],
    ['<feed xmlns="http://purl.org/pie/"/>', 'atom'],
    ['<feed version="0.3" xmlns="http://example.com/newformat#"/>', 'atom'],
    ['<feed xmlns="http://example.com/necho"/>', 'atom'],
    ['<html xmlns="http://www.w3.org/1999/xhtml"><body><feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed></body></html>', 'atom'],
    ['<html><body><rss version="2.0"><channel><item/></channel></rss></body></html>', 'rss'],
    ['<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"><feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed></html>', 'atom'],
    ['<!DOCTYPE html><html><body><channel><item>custom elements of a page</item></channel></body></html>', 'html'],
    ['<?xml version="1.0"?><!-- no items today -->', 'rss'],
    ['{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}', 'json'],
    ['\uFEFF {"title": "x", "items": []}', 'json'],
    ['{"version": "https://jsonfeed.org/version/1", "items": [', 'json'],
    ['<!DOCTYPE html><html><head></head></html>', 'html'],
    ['<!doctype HTML>\n<html lang="fr">', 'html'],
    ['\uFEFF<html><body>x</body></html>', 'html'],
    ['<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"/>', 'html'],
    ['<!-- cached page --><html><head>', 'html'],
    ['<meta charset="utf-8"><title>x</title>', 'html'],
    ['<!DOCTYPE html><svg xmlns="http://www.w3.org/2000/svg"/>', 'html'],
  ])('detects %j as %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });

  it.each([
    ['', 'an empty document'],
    ['   \n ', 'an empty document'],
    ['HTTP/1.1 502 Bad Gateway', 'plain text starting with'],
    ['{"data": [1, 2, 3]}', 'a JSON document that is not a JSON Feed'],
    ['[{"title": "x"}]', 'a JSON document that is not a JSON Feed'],
    ['<opml version="2.0"/>', 'an XML document with root <opml>'],
    ['<feed xmlns="http://example.com/not-atom"/>', 'not Atom'],
    ['<!-- a comment, then text -->garbage', 'markup without a readable root element'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', 'RDF document without the RSS 1.0 namespace'],
    ['<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', 'root <urlset>'],
  ])('does not take %j for a feed', (text, looksLike) => {
    const sniffed = sniffDocument(text);
    expect(sniffed.format).toBeNull();
    expect(sniffed.looksLike).toContain(looksLike);
  });

  it('ignores what a file name would say: an Atom document is Atom whatever it is called', () => {
    expect(detectFormat('<feed xmlns="http://www.w3.org/2005/Atom"><title>rss.xml</title></feed>')).toBe('atom');
  });
});
