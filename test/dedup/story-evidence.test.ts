/** Headlines and figures as evidence: what joins on them, and the hard negatives they never merge. */
import { describe, expect, it } from 'vitest';
import type { CorpusItem } from '../fixtures/stories/build-corpus.js';
import { ingestCorpus } from './corpus-run.js';

const SOURCES = [
  { id: 'wire', kind: 'wire' as const, priority: 10, language: 'en' as const },
  { id: 'partner', kind: 'partner' as const, priority: 5, language: 'en' as const },
  { id: 'other', kind: 'partner' as const, priority: 5, language: 'en' as const },
];
let minute = 0;
function entry(label: string, source: string, title: string, paragraphs: string[]): CorpusItem {
  minute += 10;
  return { label, variant: source, source, guid: `${source}-${label}-${minute}`, published: new Date(Date.UTC(2026, 2, 2, 8, minute)).toISOString(),
    language: 'en', title, contentText: paragraphs.join('\n') };
}

const FERRY = [
  'The harbour authority of Kingsmouth said on Tuesday that the northern ferry terminal would close for eight weeks from May while engineers replace the pontoons damaged in the winter storms.',
  'Passengers will be moved to the southern quay, where a temporary waiting room and ticket office are being built, the authority said in a statement published after a board meeting.',
  'Local businesses near the northern terminal said they feared a drop in trade during the works, and asked the council for help with rents while the ferries are away.',
];

function bulletin(company: string, pct: string, price: string, revenue: string): string[] {
  return [
    `Shares of ${company} rose ${pct} percent to ${price} euros in Paris trading on Monday, after the company reported quarterly revenue of ${revenue} million euros.`,
    'The stock was among the most traded on the exchange during the session, with volumes well above the average of the past thirty days, according to data compiled by the exchange operator.',
    'The company will publish its full results and hold a conference call with investors later this month, a spokesman said in a short statement.',
  ];
}

describe('headlines as evidence', () => {
  it('joins a version under the same folded headline whose short body does not contradict the story', () => {
    const wire = entry('ferry', 'wire', 'Kingsmouth’s ferry terminal — to close', FERRY);
    const flash = entry('ferry', 'partner', "KINGSMOUTH'S FERRY TERMINAL - TO CLOSE", ['Engineers will replace the damaged pontoons.']);
    const { storyOf } = ingestCorpus([wire, flash], SOURCES);
    expect(storyOf.get(flash.guid)).toBe(storyOf.get(wire.guid));
  });

  it('never merges on the headline alone two substantial bodies that tell other facts', () => {
    const first = entry('storm-1', 'wire', 'Storm closes Kingsmouth harbour', FERRY);
    const second = entry('storm-2', 'partner', 'Storm closes Kingsmouth harbour', [
      'A second storm in a week forced the harbour master of Kingsmouth to close the port to all shipping on Friday, with winds reaching 140 kilometres an hour.',
      'Fishing boats stayed in the inner basin and two cargo ships waited offshore, while the coastguard warned walkers to keep away from the sea front.',
      'The harbour master said the port would reopen on Saturday morning if the forecast improved, after divers had checked the breakwater.',
    ]);
    const { storyOf } = ingestCorpus([first, second], SOURCES);
    expect(storyOf.get(second.guid)).not.toBe(storyOf.get(first.guid));
  });

  it('never merges equal headlines whose short bodies give other figures', () => {
    const a = entry('rate-1', 'wire', 'Central bank sets its main rate', ['The rate now stands at 3.25 percent.']);
    const b = entry('rate-2', 'partner', 'Central bank sets its main rate', ['The rate now stands at 2.75 percent.']);
    const { storyOf } = ingestCorpus([a, b], SOURCES);
    expect(storyOf.get(b.guid)).not.toBe(storyOf.get(a.guid));
  });
});

describe('templated bulletins', () => {
  it('keeps bulletins of one template apart when the company and figures differ, and joins a trimmed copy to its own', () => {
    const acme = entry('acme', 'wire', 'Acme shares rise', bulletin('Acme Group', '3.27', '41.10', '512'));
    const globex = entry('globex', 'wire', 'Globex shares rise', bulletin('Globex Holdings', '1.85', '118.40', '230'));
    const initech = entry('initech', 'wire', 'Initech shares rise', bulletin('Initech Systems', '6.02', '9.75', '871'));
    const copy = entry('globex', 'partner', 'Globex up in Paris', bulletin('Globex Holdings', '1.85', '118.40', '230').slice(0, 2));
    const { storyOf } = ingestCorpus([acme, globex, initech, copy], SOURCES);
    expect(new Set([acme, globex, initech].map((i) => storyOf.get(i.guid))).size).toBe(3);
    expect(storyOf.get(copy.guid)).toBe(storyOf.get(globex.guid));
  });
});
