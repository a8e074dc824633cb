import type { NormalizedItem } from '../../src/model/item.js';

export function normalized(over: Partial<NormalizedItem> = {}): NormalizedItem {
  return {
    guid: 'g-1', url: 'https://example.com/a', title: 'A title', published: '2024-04-17T10:00:00Z', updated: null,
    author: null, categories: [], enclosures: [], summary: null, contentHtml: '<p>Body</p>',
    contentText: 'Ministers met on Tuesday to agree a plan for the harbour, which will cost four million euros over five years.',
    language: 'en', dateline: null, ...over,
  };
}
