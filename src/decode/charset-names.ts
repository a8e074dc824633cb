/** Charset labels as feeds write them → the decoder iconv-lite should use, browser-style. */
import iconv from 'iconv-lite';

/**
 * Labels that browsers (WHATWG Encoding) decode with a superset, so bytes that the label does not
 * cover but the web relies on (smart quotes in "ISO-8859-1", GBK in "GB2312") still come out.
 */
const SUPERSETS: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp819: 'windows-1252',
  ibm819: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  latin5: 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'euc-cn': 'gb18030',
  'ks_c_5601-1987': 'cp949',
  'euc-kr': 'cp949',
  big5: 'big5hkscs',
  'x-sjis': 'shift_jis',
  'unicode-1-1-utf-8': 'utf-8',
  utf8: 'utf-8',
};

// UTF-7 and HZ let ASCII bytes spell markup (`+ADw-script`): browsers refuse them, so do we.
const REFUSED = /^(utf-?7|unicode-1-1-utf-7|csunicode11utf7|x-imap4-modified-utf7|hz-gb-2312)$/;

/** The decoder name for a label, or null when neither we nor iconv-lite know it. */
export function resolveCharset(label: string): string | null {
  const name = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (name === '' || REFUSED.test(name)) return null;
  const mapped = SUPERSETS[name] ?? name;
  return iconv.encodingExists(mapped) ? mapped : null;
}

export function isUtf8Name(name: string): boolean {
  return name === 'utf-8';
}

export function isUnicodeWide(name: string): boolean {
  return /^utf-?(16|32)/.test(name) || name === 'ucs-2' || name === 'ucs2';
}
