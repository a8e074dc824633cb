import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeBody } from '../../src/decode/decode-body.js';

const fixture = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../fixtures/decode/${name}`, import.meta.url)));

const prolog = (encoding: string): string => `<?xml version="1.0" encoding="${encoding}"?>\n`;

describe('decodeBody: byte order marks', () => {
  it('decodes UTF-16LE with a BOM and strips the BOM', () => {
    const decoded = decodeBody(fixture('atom-utf16le-bom.xml'), null);
    expect(decoded).toMatchObject({ encoding: 'utf-16le', source: 'bom' });
    expect(decoded.text.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
    expect(decoded.text).toContain('<title>Agence — dépêches</title>');
    expect(decoded.text).toContain('Ελλάδα: εκλογές');
  });

  it('decodes UTF-16BE with a BOM and strips the BOM', () => {
    const decoded = decodeBody(fixture('atom-utf16be-bom.xml'), null);
    expect(decoded).toMatchObject({ encoding: 'utf-16be', source: 'bom' });
    expect(decoded.text.charCodeAt(0)).toBe('<'.charCodeAt(0));
    expect(decoded.text).toContain('Ελλάδα: εκλογές');
  });

  it('strips a UTF-8 BOM from a JSON feed so JSON.parse accepts it', () => {
    const decoded = decodeBody(fixture('feed-utf8-bom.json'), 'application/feed+json');
    expect(decoded).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(JSON.parse(decoded.text)).toMatchObject({ title: 'Dépêches' });
  });

  it('decodes UTF-32LE and UTF-32BE with their BOMs', () => {
    const text = '<rss>Zürich €</rss>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(text, 'utf-32le')]);
    const be = Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), iconv.encode(text, 'utf-32be')]);
    expect(decodeBody(le, null)).toEqual({ text, encoding: 'utf-32le', source: 'bom' });
    expect(decodeBody(be, null)).toEqual({ text, encoding: 'utf-32be', source: 'bom' });
  });

  it('lets a BOM win over an HTTP charset that disagrees', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss>Café</rss>', 'utf8')]);
    expect(decodeBody(bytes, 'text/xml; charset=windows-1251')).toEqual({
      text: '<rss>Café</rss>',
      encoding: 'utf-8',
      source: 'bom',
    });
  });
});

describe('decodeBody: declarations', () => {
  it('lets the HTTP charset win over the XML prolog', () => {
    const bytes = iconv.encode(`${prolog('ISO-8859-1')}<rss><title>Новости</title></rss>`, 'windows-1251');
    const decoded = decodeBody(bytes, 'application/rss+xml; charset="windows-1251"');
    expect(decoded).toMatchObject({ encoding: 'windows-1251', source: 'http' });
    expect(decoded.text).toContain('<title>Новости</title>');
  });

  it('uses the XML prolog when HTTP names no charset', () => {
    const decoded = decodeBody(fixture('rss-windows-1251.xml'), 'application/rss+xml');
    expect(decoded).toMatchObject({ encoding: 'windows-1251', source: 'xml' });
    expect(decoded.text).toContain('<title>Новости дня</title>');
    expect(decoded.text).toContain('Правительство объявило о реформе');
  });

  it('decodes an ISO-8859-1 declaration as windows-1252 so smart quotes and the euro survive', () => {
    const decoded = decodeBody(fixture('rss-latin1-declared-smart-quotes.xml'), 'text/xml');
    expect(decoded).toMatchObject({ encoding: 'windows-1252', source: 'xml' });
    expect(decoded.text).toContain('<title>Le “débat” sur l’euro</title>');
    expect(decoded.text).toContain('Prix : 12 € — déjà vu');
  });

  it('reads <meta charset> in an HTML page', () => {
    const decoded = decodeBody(fixture('page-meta-charset-1252.html'), 'text/html');
    expect(decoded).toMatchObject({ encoding: 'windows-1252', source: 'meta' });
    expect(decoded.text).toContain('<h1>L’été à Paris</h1>');
    expect(decoded.text).toContain('Une dépêche “exclusive”');
  });

  it('reads the charset of <meta http-equiv="Content-Type" content=…>', () => {
    const decoded = decodeBody(fixture('page-http-equiv-8859-15.html'), null);
    expect(decoded).toMatchObject({ encoding: 'iso-8859-15', source: 'meta' });
    expect(decoded.text).toContain('Coût estimé en €');
  });

  it('decodes a GB2312 declaration with the GBK superset', () => {
    const decoded = decodeBody(fixture('rss-gb2312.xml'), null);
    expect(decoded).toMatchObject({ encoding: 'gb18030', source: 'xml' });
    expect(decoded.text).toContain('<title>新闻快讯</title>');
  });

  it('defaults to UTF-8 when nothing is declared', () => {
    const bytes = Buffer.from('<?xml version="1.0"?><rss><title>Zürich — 東京</title></rss>', 'utf8');
    expect(decodeBody(bytes, 'application/xml')).toMatchObject({ encoding: 'utf-8', source: 'default' });
    expect(decodeBody(bytes, null).text).toContain('Zürich — 東京');
  });

  it('ignores an unknown charset name and falls through to the next rule', () => {
    const bytes = iconv.encode(`${prolog('windows-1251')}<rss>Новости</rss>`, 'windows-1251');
    const decoded = decodeBody(bytes, 'text/xml; charset=x-no-such-charset');
    expect(decoded).toMatchObject({ encoding: 'windows-1251', source: 'xml' });
    expect(decoded.text).toContain('Новости');
  });

  it('refuses a UTF-7 declaration, which could smuggle markup past a sanitizer', () => {
    const decoded = decodeBody(Buffer.from('<p>+ADw-script+AD4-</p>'), 'text/html; charset=utf-7');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toBe('<p>+ADw-script+AD4-</p>');
  });
});

describe('decodeBody: declarations that lie and documents that say nothing', () => {
  it('decodes undeclared Latin-1 bytes as windows-1252 instead of leaving U+FFFD', () => {
    const decoded = decodeBody(fixture('rss-undeclared-latin1.xml'), 'application/rss+xml');
    expect(decoded).toMatchObject({ encoding: 'windows-1252', source: 'sniff' });
    expect(decoded.text).toContain('<title>Élection à Zürich</title>');
    expect(decoded.text).not.toContain('\uFFFD');
  });

  it('falls back to windows-1252 when HTTP says UTF-8 but the bytes are not', () => {
    const bytes = iconv.encode('<rss><title>Déjà “vu”</title></rss>', 'windows-1252');
    const decoded = decodeBody(bytes, 'text/xml; charset=utf-8');
    expect(decoded).toMatchObject({ encoding: 'windows-1252', source: 'sniff' });
    expect(decoded.text).toBe('<rss><title>Déjà “vu”</title></rss>');
  });

  it('decodes UTF-8 bytes as UTF-8 when the feed falsely declares ISO-8859-1', () => {
    const decoded = decodeBody(fixture('rss-lying-iso-8859-1.xml'), null);
    expect(decoded).toMatchObject({ encoding: 'utf-8', source: 'sniff' });
    expect(decoded.text).toContain('<title>Café © La Gazette</title>');
    expect(decoded.text).not.toContain('Ã©');
  });

  it('keeps a Latin-1 declaration on pure ASCII bytes', () => {
    const decoded = decodeBody(Buffer.from(`${prolog('ISO-8859-1')}<rss/>`), null);
    expect(decoded).toMatchObject({ encoding: 'windows-1252', source: 'xml' });
  });

  it('keeps UTF-8 when only the last multibyte character was cut off by truncation', () => {
    const whole = Buffer.from('<rss><title>Zürich café</title><item>東', 'utf8');
    const decoded = decodeBody(whole.subarray(0, whole.length - 1), null);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('Zürich café');
  });

  it('recognises BOM-less UTF-16LE by its zero-padded ASCII, whatever the label says', () => {
    const bytes = iconv.encode(`${prolog('UTF-16')}<rss>Zürich</rss>`, 'utf-16le');
    expect(decodeBody(bytes, null)).toMatchObject({ encoding: 'utf-16le', source: 'sniff' });
    const labelled = decodeBody(bytes, 'text/xml; charset=utf-8');
    expect(labelled).toMatchObject({ encoding: 'utf-16le', source: 'sniff' });
    expect(labelled.text).toContain('<rss>Zürich</rss>');
  });

  it('treats a UTF-16 prolog on single-byte bytes as a mistake and reads UTF-8', () => {
    const decoded = decodeBody(Buffer.from(`${prolog('UTF-16')}<rss>Zürich</rss>`, 'utf8'), null);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('<rss>Zürich</rss>');
  });

  it('returns empty text for an empty body without throwing', () => {
    expect(decodeBody(Buffer.alloc(0), null)).toEqual({ text: '', encoding: 'utf-8', source: 'default' });
  });
});
