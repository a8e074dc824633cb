import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/decode/decode-body.js';

function feed(title: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><item><title>${title}</title></item></channel></rss>`;
}

describe('undeclared legacy charsets', () => {
  it.each([
    ['windows-1251', 'Новости экономики: рост цен на энергию в Москве'],
    ['gb2312', '上海举行国际经济论坛，来自世界各地的代表讨论了贸易问题'],
    ['big5', '臺北舉行國際經濟論壇，來自世界各地的代表討論了貿易問題'],
    ['euc-kr', '서울에서 국제 경제 포럼 개최, 대표들이 무역 문제를 논의했습니다'],
    ['shift_jis', '東京で国際会議が開かれ、各国の代表が貿易について話し合った'],
    ['windows-1252', 'Élections régionales : le débat à Besançon, “enfin”'],
  ])('reads undeclared %s text without mojibake or U+FFFD', (charset, text) => {
    const decoded = decodeBody(iconv.encode(feed(text), charset), null);
    expect(decoded.text).toContain(text);
    expect(decoded.source).toBe('sniff');
  });

  it('keeps pure ASCII and UTF-8 as UTF-8', () => {
    expect(decodeBody(Buffer.from(feed('Plain title')), null).encoding).toBe('utf-8');
    expect(decodeBody(Buffer.from(feed('Zürich – café')), null).encoding).toBe('utf-8');
  });
});
