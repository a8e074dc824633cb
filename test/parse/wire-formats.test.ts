/** NewsML-G2 and NITF read into entries and normalized items, hostile packages included. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/decode/decode-body.js';
import type { ParsedFeed } from '../../src/model/entry.js';
import { isWiredeskError } from '../../src/model/errors.js';
import type { NormalizedItem } from '../../src/model/item.js';
import { normalizeEntry } from '../../src/normalize/normalize-entry.js';
import { detectFormat } from '../../src/parse/detect-format.js';
import { parseDocument } from '../../src/parse/parse-document.js';
import { MAX_WIRE_BODY_CHARS } from '../../src/parse/wire-editorial.js';
import { WIRE_MAX_DEPTH } from '../../src/parse/wire-xml.js';

const WIRE = join(import.meta.dirname, '../fixtures/wire');
const URL = 'https://wire.example/feed';

function fixture(name: string): string {
  return decodeBody(readFileSync(join(WIRE, name)), null).text;
}

async function read(text: string): Promise<{ feed: ParsedFeed; items: NormalizedItem[] }> {
  const feed = await parseDocument(text, { url: URL });
  return { feed, items: feed.entries.map((entry) => normalizeEntry(entry, { feed })) };
}

function byGuid(items: NormalizedItem[], suffix: string): NormalizedItem {
  const item = items.find((i) => i.guid?.endsWith(suffix));
  if (!item) throw new Error(`no item ${suffix}`);
  return item;
}

describe('NewsML-G2', () => {
  it('is detected by its root element, whatever the file is called', () => {
    expect(detectFormat(fixture('newsml-message.xml'))).toBe('newsml');
    expect(detectFormat(fixture('newsml-item-v1.xml'))).toBe('newsml');
    expect(detectFormat(fixture('newsml-package.xml'))).toBe('newsml');
    expect(detectFormat(fixture('nitf-story.xml'))).toBe('nitf');
    expect(detectFormat(fixture('nitf-withheld-prefixed.xml'))).toBe('nitf');
  });

  it('reads every news item of a message, with headline, dates, dateline, creator, subjects and urgency', async () => {
    const { feed, items } = await read(fixture('newsml-message.xml'));
    expect(feed.format).toBe('newsml');
    expect(items.map((i) => i.title)).toEqual([
      'Strong earthquake shakes central Chile coast', 'Dock workers extend strike at Baltic port', 'Asian shares close mixed',
    ]);
    const quake = byGuid(items, 'quake-flash');
    expect(quake).toMatchObject({
      published: '2024-05-02T08:57:00Z', updated: '2024-05-02T08:58:00Z', author: 'Ines Vega', language: 'en',
      dateline: 'VALPARAISO, May 2', categories: ['disaster, accident and emergency incident', 'medtop:20000151'],
    });
    expect(quake.contentHtml).toContain('<b>Valparaiso</b>');
    expect(quake.contentHtml).not.toContain('Quake</');
    expect(quake.editorial).toMatchObject({
      urgency: 1, version: 1, pubStatus: 'usable', embargoUntil: null, editorialNote: 'Flash. More to follow.',
      slugline: 'CHILE-QUAKE/', signals: [], agencyItemId: 'tag:wirebureau.example,2024:quake-flash', agencyVersion: '1',
      subjects: [{ qcode: 'medtop:06000000', name: 'disaster, accident and emergency incident' }, { qcode: 'medtop:20000151', name: null }],
    });
  });

  it('reads an NITF body inside inlineXML and an agency correction signal', async () => {
    const { items } = await read(fixture('newsml-message.xml'));
    const strike = byGuid(items, 'port-strike');
    expect(strike.author).toBe('Tomas Lind');
    expect(strike.contentText).toContain('About 40 ships were waiting to unload');
    expect(strike.editorial).toMatchObject({ urgency: 4, version: 3, signals: ['correction'] });
    expect(strike.editorial?.editorialNote).toContain('40, not 14');
  });

  it('reads plain-text inlineData as paragraphs', async () => {
    const { items } = await read(fixture('newsml-message.xml'));
    const markets = byGuid(items, 'markets-close');
    expect(markets.contentHtml).toContain('<p>Tokyo gained 0.4 percent while Hong Kong slipped.</p>');
    expect(markets.editorial?.urgency).toBe(6);
  });

  it('reports a package reference to an item the message never sent, and the items it does not read', async () => {
    const { feed } = await read(fixture('newsml-message.xml'));
    expect(feed.problems).toEqual([
      'parse: package tag:wirebureau.example,2024:pkg-top refers to item tag:wirebureau.example,2024:never-sent-photo, which was never sent in this document; that reference is skipped',
      `parse: ${URL} carries 1 concept, knowledge, planning or catalog item(s); only news items are read`,
    ]);
  });

  it('reads a standalone package as references only: no entry, one problem per item never sent', async () => {
    const { feed } = await read(fixture('newsml-package.xml'));
    expect(feed.entries).toEqual([]);
    expect(feed.problems).toHaveLength(2);
    expect(feed.problems?.[1]).toContain('evening-2, which was never sent');
  });

  it('reads a kill as pubStatus canceled with its note, and an embargo as a UTC time', async () => {
    const killed = (await read(fixture('newsml-item-kill.xml'))).items[0];
    expect(killed?.editorial).toMatchObject({ pubStatus: 'canceled', version: 3 });
    expect(killed?.editorial?.editorialNote).toMatch(/^KILL: this story is withdrawn/);
    const embargoed = (await read(fixture('newsml-embargo.xml'))).items[0];
    expect(embargoed?.editorial).toMatchObject({ embargoUntil: '2024-05-02T12:00:00Z', signals: ['embargo'], urgency: 3 });
    expect(embargoed?.contentHtml).toBe('<p>The finance minister will cut fuel duty by two cents a litre, according to the budget text.</p>');
  });

  it('reads an update as a higher version with the update signal', async () => {
    const v1 = (await read(fixture('newsml-item-v1.xml'))).items[0];
    const v2 = (await read(fixture('newsml-item-v2.xml'))).items[0];
    expect(v1?.guid).toBe(v2?.guid);
    expect([v1?.editorial?.version, v2?.editorial?.version]).toEqual([1, 2]);
    expect(v2?.editorial?.signals).toEqual(['update']);
    expect(v2?.title).toBe('Dam breach floods villages, hundreds evacuated');
  });

  it('expands small internal entities within their bounds, never an external one', async () => {
    const { items } = await read(fixture('newsml-entities.xml'));
    // 100 × "lol" is inside the internal-entity bounds (see parse/dtd-entities.ts); &xxe; is SYSTEM.
    expect(items[0]?.title).toBe(`Entities ${'lol'.repeat(100)} and &xxe; stay unexpanded & safe`);
    expect(items[0]?.contentText).toBe('Body &xxe; text été.');
    expect(JSON.stringify(items)).not.toContain('root:');
  });
});

describe('NITF', () => {
  it('reads docdata, body.head and body.content of an NITF 3.4 story', async () => {
    const { feed, items } = await read(fixture('nitf-story.xml'));
    expect(feed.format).toBe('nitf');
    const story = items[0];
    expect(story).toMatchObject({
      guid: 'NW-20240503-0117', title: 'Rail strike halts trains across the north', published: '2024-05-03T07:15:00Z',
      author: 'Karin Holm', dateline: 'TROMSO', categories: ['rail', 'strikes'],
    });
    expect(story?.summary).toBe('<p>No trains ran north of Trondheim on Friday.</p>');
    expect(story?.contentHtml).toContain('<h3>Talks on Monday</h3>');
    expect(story?.contentHtml).toContain('<p>An empty platform in Tromso.</p>');
    expect(story?.editorial).toMatchObject({
      urgency: 3, version: 1, pubStatus: 'usable', embargoUntil: '2024-05-03T07:15:00Z',
      editorialNote: 'Moves on general news service', slugline: 'RAIL-STRIKE', agencyItemId: 'NW-20240503-0117',
    });
  });

  it('reads a kill by management-status and a newer du-key version', async () => {
    const killed = (await read(fixture('nitf-kill.xml'))).items[0];
    expect(killed?.guid).toBe('NW-20240503-0117');
    expect(killed?.editorial).toMatchObject({ pubStatus: 'canceled', version: 2, signals: ['kill'] });
  });

  it('reads an NITF 3.3 kill given only by ed-msg, in ISO-8859-1, dated without a zone', async () => {
    const killed = (await read(fixture('nitf-33-edmsg-kill.xml'))).items[0];
    expect(killed).toMatchObject({ title: 'Café opening delayed', published: '2024-05-03T10:00:00Z' });
    expect(killed?.editorial).toMatchObject({ pubStatus: 'canceled', urgency: 5, version: null });
  });

  it('reads prefixed NITF elements and a withheld status', async () => {
    const held = (await read(fixture('nitf-withheld-prefixed.xml'))).items[0];
    expect(held?.title).toBe('Minister questioned by police');
    expect(held?.editorial).toMatchObject({ pubStatus: 'withheld', urgency: 1, embargoUntil: '2024-05-03T14:00:00Z', signals: ['advisory'] });
  });
});

describe('hostile wire documents', () => {
  const item = (guid: string, body: string) => `<newsItem guid="${guid}" version="1"><itemMeta><pubStatus qcode="stat:usable"/></itemMeta>
    <contentMeta><headline>${guid}</headline></contentMeta><contentSet><inlineData contenttype="text/plain">${body}</inlineData></contentSet></newsItem>`;
  const message = (items: string) => `<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>${items}</itemSet></newsMessage>`;

  it('fails a deeply nested document alone with PARSE_INVALID naming the limit', async () => {
    const deep = `${'<div>'.repeat(WIRE_MAX_DEPTH + 10)}x${'</div>'.repeat(WIRE_MAX_DEPTH + 10)}`;
    const text = message(`<newsItem guid="deep"><contentSet><inlineXML>${deep}</inlineXML></contentSet></newsItem>`);
    const error = await parseDocument(text, { url: URL }).catch((err: unknown) => err);
    expect(isWiredeskError(error, 'PARSE_INVALID')).toBe(true);
    expect((error as Error).message).toContain(`deeper than ${WIRE_MAX_DEPTH} levels`);
  });

  it('fails one huge item alone and keeps the others', async () => {
    const huge = 'x'.repeat(MAX_WIRE_BODY_CHARS + 1);
    const { feed } = await read(message(item('small', 'A short story.') + item('huge', huge)));
    expect(feed.entries.map((e) => e.guid)).toEqual(['small']);
    expect(feed.problems).toEqual([`parse: item huge has a body of ${MAX_WIRE_BODY_CHARS + 1} characters, over the ${MAX_WIRE_BODY_CHARS} limit; skipped`]);
  });

  it('caps the problems of a huge package referring to items never sent', async () => {
    const refs = Array.from({ length: 10_000 }, (_, i) => `<itemRef residref="ghost-${i}"/>`).join('');
    const { feed } = await read(message(`<packageItem guid="pkg"><groupSet><group>${refs}</group></groupSet></packageItem>${item('real', 'Text.')}`));
    expect(feed.entries).toHaveLength(1);
    expect(feed.problems).toHaveLength(21);
    expect(feed.problems?.at(-1)).toBe('parse: and 9980 more problems like these');
  });
});

describe('NewsML-G2 messages with several versions of one item', () => {
  it('deliver only the newest version, in the place of the first', async () => {
    const item = (version: number, status: string) => `<newsItem guid="dup" version="${version}"><itemMeta><pubStatus qcode="stat:${status}"/></itemMeta>
      <contentMeta><headline>v${version}</headline></contentMeta></newsItem>`;
    const other = '<newsItem guid="other" version="1"><contentMeta><headline>other</headline></contentMeta></newsItem>';
    const text = `<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>${item(1, 'usable')}${other}${item(3, 'canceled')}${item(2, 'usable')}</itemSet></newsMessage>`;
    const { items } = await read(text);
    expect(items.map((i) => [i.title, i.editorial?.pubStatus])).toEqual([['v3', 'canceled'], ['other', 'usable']]);
  });
});
