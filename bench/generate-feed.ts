/** Generated RSS 2.0 feeds for benchmarks: realistic item sizes, distinct words per item. */

const SYLLABLES = 'ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu dra tre pli gro stu'.split(' ');

/** A seeded PRNG, so every run generates the same feed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vocabulary of 20,000 made-up words: items drawn from it are distinct stories, as in a real feed. */
const VOCABULARY = (() => {
  const random = mulberry32(7);
  return Array.from({ length: 20_000 }, () => {
    const n = 2 + Math.floor(random() * 3);
    return Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  });
})();

function sentence(seed: number, length: number): string {
  const random = mulberry32(seed * 2654435761);
  const words = Array.from({ length }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)] as string);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** `offset`: where the seeds start, so feeds generated with different offsets carry different stories. */
export function generateRss(items: number, paragraphs = 4, offset = 0): string {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bench wire</title><link>https://bench.example.com/</link><description>generated</description><language>en</language>`];
  for (let n = 0; n < items; n++) {
    const i = n + offset;
    const date = new Date(Date.UTC(2024, 3, 1) + n * 60_000).toUTCString();
    const body = Array.from({ length: paragraphs }, (_, p) => `<p>${sentence(i * 7 + p, 40)}</p>`).join('');
    parts.push(`<item><title>${sentence(i, 8)}</title><link>https://bench.example.com/a/${i}?utm_source=x</link>
<guid isPermaLink="false">bench-${i}</guid><pubDate>${date}</pubDate><dc:creator>Desk ${i % 13}</dc:creator>
<category>cat-${i % 7}</category><description>${sentence(i + 1, 20)}</description>
<content:encoded><![CDATA[${body}]]></content:encoded></item>`);
  }
  parts.push('</channel></rss>');
  return parts.join('\n');
}
