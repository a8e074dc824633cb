/** The wire keys of the config: source types newsml/nitf, include.maxUrgency and include.signals. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load-config.js';

const SOURCES = [{ id: 'g2', url: 'https://wire.example/g2.xml', kind: 'wire', type: 'newsml' }, { id: 'nitf', url: 'https://wire.example/n.xml', kind: 'wire', type: 'nitf' }];

function problems(feeds: object[]): string[] {
  try {
    parseConfigText(JSON.stringify({ sources: SOURCES, feeds }), '/etc/wiredesk/feeds.config.json');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
}

describe('wire keys in feeds.config.json', () => {
  it('accepts newsml and nitf sources and a flash feed of urgency 1-2 with signals', () => {
    const { config } = parseConfigText(JSON.stringify({ sources: SOURCES, feeds: [{ id: 'flash', title: 'Flash', include: { maxUrgency: 2, signals: ['correction'] } }] }), '/x/feeds.config.json');
    expect(config.sources.map((s) => s.type)).toEqual(['newsml', 'nitf']);
    expect(config.feeds[0]?.include).toMatchObject({ maxUrgency: 2, signals: ['correction'] });
  });

  it('names the key path of an urgency outside 1-9 and of a signal that is not a lowercase name', () => {
    const found = problems([{ id: 'f', title: 'F', include: { maxUrgency: 0, signals: ['Correction!'] } }]);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^feeds\.config\.json: feeds\[0\]\.include\.maxUrgency: /);
    expect(found[1]).toBe('feeds.config.json: feeds[0].include.signals[0]: must be a lowercase signal name such as "correction"');
  });
});
