/**
 * Bytes → text. Precedence: BOM > HTTP charset > XML prolog / HTML meta > UTF-8, then a check
 * against the bytes themselves, because feeds in the wild declare charsets they do not use.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { WiredeskError } from '../model/errors.js';
import { isUnicodeWide, resolveCharset } from './charset-names.js';
import {
  charsetFromContentType,
  charsetFromHtmlMeta,
  charsetFromXmlProlog,
  detectBom,
  readHead,
  sniffWideUnicode,
} from './detect-charset.js';
import { sniffLegacyCharset } from './sniff-legacy.js';
import { decodeUtf8Lenient, hasNonAscii, isProbablyUtf8 } from './utf8-shape.js';

export type DecodeSource = 'bom' | 'http' | 'xml' | 'meta' | 'sniff' | 'default';

export interface Decoded {
  text: string;
  encoding: string;
  source: DecodeSource;
}

interface Choice {
  encoding: string;
  source: DecodeSource;
}

export function decodeBody(bytes: Buffer, contentType: string | null): Decoded {
  const bom = detectBom(bytes);
  if (bom !== null) return decodeAs(bytes.subarray(bom.length), { encoding: bom.encoding, source: 'bom' });
  const declared = findDeclaredCharset(bytes, contentType);
  const choice = declared === null ? guessFromBytes(bytes) : checkAgainstBytes(bytes, declared);
  return decodeAs(bytes, choice);
}

/** HTTP first; a UTF-16/32 shape next (its prolog is unreadable as ASCII); then prolog, then meta. */
function findDeclaredCharset(bytes: Buffer, contentType: string | null): Choice | null {
  const fromHttp = resolveLabel(charsetFromContentType(contentType));
  if (fromHttp !== null) return { encoding: fromHttp, source: 'http' };
  const wide = sniffWideUnicode(bytes);
  if (wide !== null) return { encoding: wide, source: 'sniff' };
  const head = readHead(bytes);
  const fromProlog = resolveLabel(charsetFromXmlProlog(head));
  if (fromProlog !== null) return { encoding: fromProlog, source: 'xml' };
  const fromMeta = resolveLabel(charsetFromHtmlMeta(head));
  if (fromMeta !== null) return { encoding: fromMeta, source: 'meta' };
  return null;
}

function resolveLabel(label: string | null): string | null {
  return label === null ? null : resolveCharset(label);
}

function guessFromBytes(bytes: Buffer): Choice {
  const wide = sniffWideUnicode(bytes);
  if (wide !== null) return { encoding: wide, source: 'sniff' };
  if (isProbablyUtf8(bytes)) return { encoding: 'utf-8', source: 'default' };
  // Undeclared and not UTF-8: usually windows-1252, but Cyrillic and CJK feeds show themselves.
  return { encoding: sniffLegacyCharset(bytes), source: 'sniff' };
}

function checkAgainstBytes(bytes: Buffer, declared: Choice): Choice {
  const { encoding } = declared;
  // Zero-padded ASCII is UTF-16/32 whatever the label says (8-bit text never starts that way).
  const wide = sniffWideUnicode(bytes);
  if (wide !== null) return { encoding: wide, source: isUnicodeWide(encoding) ? declared.source : 'sniff' };
  if (isUnicodeWide(encoding)) {
    // A UTF-16/32 label on ASCII-shaped bytes (how a prolog or meta gets read at all) is wrong.
    return hasZeroByte(bytes) ? declared : guessFromBytes(bytes);
  }
  if (encoding === 'utf-8') {
    return isProbablyUtf8(bytes) ? declared : { encoding: 'windows-1252', source: 'sniff' };
  }
  // A legacy label over valid multibyte UTF-8 is a lying declaration: real Latin-1 or
  // windows-1251 text practically never forms valid UTF-8 sequences throughout.
  if (hasNonAscii(bytes) && isProbablyUtf8(bytes)) return { encoding: 'utf-8', source: 'sniff' };
  return declared;
}

function hasZeroByte(bytes: Buffer): boolean {
  return bytes.subarray(0, 512).includes(0);
}

/** UTF-8 (a BOM said so, or the bytes are UTF-8 but for a cut tail); stray invalid bytes read as windows-1252. */
function decodeUtf8(bytes: Buffer): string {
  return isUtf8(bytes) ? new TextDecoder('utf-8').decode(bytes) : decodeUtf8Lenient(bytes, (byte) => iconv.decode(Buffer.of(byte), 'windows-1252'));
}

function decodeAs(bytes: Buffer, choice: Choice): Decoded {
  let text: string;
  try {
    text = choice.encoding === 'utf-8' ? decodeUtf8(bytes) : iconv.decode(bytes, choice.encoding);
  } catch (err) {
    throw new WiredeskError(
      'DECODE_FAILED',
      `decode: cannot decode the body as ${choice.encoding} (from ${choice.source}): ${String(err)}; check the source's charset`,
      { cause: err },
    );
  }
  // A second BOM (or one a declared decoder kept) would otherwise reach the XML parser.
  return { text: text.replace(/^\uFEFF/, ''), encoding: choice.encoding, source: choice.source };
}
