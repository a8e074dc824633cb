/** Generated RSS 2.0 feeds for benchmarks: realistic item sizes, distinct words per item. */

const WORDS = ('minister harbour council budget election storm flood market energy price strike union court ' +
  'police village river bridge school hospital report inquiry summit treaty border army talks ceasefire ' +
  'drought harvest export import bank rate inflation growth forecast museum festival league final record').split(' ');

function sentence(seed: number, length: number): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(WORDS[(seed * 31 + i * 17 + ((seed >> 3) ^ i)) % WORDS.length] as string);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} ${seed}.`;
}

export function generateRss(items: number, paragraphs = 4): string {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bench wire</title><link>https://bench.example.com/</link><description>generated</description><language>en</language>`];
  for (let i = 0; i < items; i++) {
    const date = new Date(Date.UTC(2024, 3, 1) + i * 60_000).toUTCString();
    const body = Array.from({ length: paragraphs }, (_, p) => `<p>${sentence(i * 7 + p, 40)}</p>`).join('');
    parts.push(`<item><title>${sentence(i, 8)}</title><link>https://bench.example.com/a/${i}?utm_source=x</link>
<guid isPermaLink="false">bench-${i}</guid><pubDate>${date}</pubDate><dc:creator>Desk ${i % 13}</dc:creator>
<category>cat-${i % 7}</category><description>${sentence(i + 1, 20)}</description>
<content:encoded><![CDATA[${body}]]></content:encoded></item>`);
  }
  parts.push('</channel></rss>');
  return parts.join('\n');
}
