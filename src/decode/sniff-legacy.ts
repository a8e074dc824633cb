/**
 * Undeclared bytes that are not UTF-8: which legacy charset reads them as natural text? Each
 * candidate decodes a sample and is scored by how ordinary the result looks (common CJK
 * characters, Hangul syllables, kana, Cyrillic words, isolated Latin accents); undecodable bytes
 * and C1 controls count against it. windows-1252 wins ties: it is what most such feeds are.
 */
import iconv from 'iconv-lite';

const CANDIDATES = ['windows-1252', 'windows-1251', 'koi8-r', 'gb18030', 'big5hkscs', 'cp949', 'shift_jis'];
const SAMPLE_BYTES = 64 * 1024;

// The most frequent Chinese characters, simplified and traditional forms both.
const COMMON_HAN = new Set(Array.from(
  '的一是不了人我在有他这這中大来來上国國个個到说說们們为為子和你地出道也时時年得就那要下以生会會自着著去之过過家学學对對可她里裡后後小么麼心多天而能好都然没沒日于起还還发發成事只作当當想看文无無开開手十用主行方又如前所本见見经經头頭面公同三已老从從动動两兩长長知民样樣现現分将將外但身些与與高意进進把法此实實回二理美点點月明其种種声聲全工己话話儿兒者向情部正名定女问問力机機给給等几幾很业業最间間新什打便位因重被走电電四第门門相次东東政海口使教西再平真听聽世气氣信北少关關并並内內加化由却卻代军軍产產入先山五太水万萬市眼体體别別处處总總才场場师師书書比住员員九笑性通目华華报報立马馬命张張活难難神数數件安表原车車白应應路期叫死常提感金何更反合放做系计計或司利受光王果亲親界及今京务務制解各任至清物台象记記边邊共风風战戰干接它许許八特觉覺望直服毛林题題建南度统統色字请請交爱愛让讓认認算论論百吃义義科怎元社术術结結六功指思非流每青管夫连連远遠资資队隊跟带帶花快条條院变變联聯言权權往展该該领領传傳近留红紅治决決周保达達办辦运運武半候七必城父强強步完革深区區即求品士转轉量空甚众眾技轻輕程告江语語英基派满滿式李息写寫呢识識极極令黄黃德收脸臉钱錢党黨倒未持取设設始版双雙历歷越史商千片容研像找友孩站广廣改议議形委早房音火际際则則首单單据據导導影失拿网網香似斯专專石若兵弟谁誰校读讀志飞飛观觀争爭究包组組造落视視济濟喜离離虽雖坏壞兴興切举舉行际際论坛壇经濟贸貿易能源问題气象预預报雨市民出门帶伞傘注意交通安全北京上海臺灣香港天明讨討表代各地界来自',
));
// Frequent Hangul syllables.
const COMMON_HANGUL = new Set(Array.from(
  '이다는의에하고을를가한지서로기사리자수대도보시국들제인정장어일세와해과게주상부전있했습니계문경원무역너개최표각논요구내날씨비소식청민우산준라당부했그것나우리아내년월때말만더중후위해된되면또같많모든없어요수있다없다까지부터에서으로하여서울',
));

export function sniffLegacyCharset(bytes: Uint8Array): string {
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SAMPLE_BYTES));
  let best = CANDIDATES[0] ?? 'windows-1252';
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of CANDIDATES) {
    const score = scoreText(iconv.decode(sample, candidate));
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function scoreText(text: string): number {
  let score = 0;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const code = chars[i]?.codePointAt(0) ?? 0;
    if (code < 0x80) continue;
    score += scoreChar(code, chars[i - 1] ?? ' ', chars[i + 1] ?? ' ', chars[i] ?? '');
  }
  return score;
}

function scoreChar(code: number, before: string, after: string, char: string): number {
  if (code === 0xfffd || (code >= 0x80 && code <= 0x9f) || (code >= 0xe000 && code <= 0xf8ff)) return -5;
  if (code >= 0xff61 && code <= 0xff9f) return -1; // half-width katakana: mojibake's signature
  if (COMMON_HAN.has(char) || COMMON_HANGUL.has(char)) return 2;
  if (code >= 0x3040 && code <= 0x30ff) return 2; // kana
  if (isCyrillic(code)) {
    // Real Cyrillic comes in words, capitals at their start; misread bytes scatter case at random.
    const inWord = isCyrillic(before.codePointAt(0) ?? 0);
    if (!inWord && !isCyrillic(after.codePointAt(0) ?? 0)) return 0;
    return inWord && isUpperCyrillic(code) ? -1 : 1;
  }
  if (isLatinAccent(code)) {
    // Latin accents sit alone inside ASCII words ("Besançon"); runs of them are misread Cyrillic.
    const alone = !isLatinAccent(before.codePointAt(0) ?? 0) && !isLatinAccent(after.codePointAt(0) ?? 0);
    return alone ? 1 : -1;
  }
  return 0;
}

function isCyrillic(code: number): boolean {
  return (code >= 0x410 && code <= 0x44f) || code === 0x401 || code === 0x451;
}

function isUpperCyrillic(code: number): boolean {
  return (code >= 0x410 && code <= 0x42f) || code === 0x401;
}

function isLatinAccent(code: number): boolean {
  return code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7;
}
