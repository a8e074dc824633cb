/** Cheap byte-shape tests used to catch charset declarations that lie. */
import { isUtf8 } from 'node:buffer';

/**
 * Valid UTF-8, forgiving one multibyte sequence cut off at the very end (a body truncated by a
 * cap or a dropped connection should not flip the whole document to windows-1252).
 */
export function isProbablyUtf8(bytes: Uint8Array): boolean {
  if (isUtf8(bytes)) return true;
  const cut = incompleteTailStart(bytes);
  return cut !== null && isUtf8(bytes.subarray(0, cut));
}

export function hasNonAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}

/** Index of a lead byte in the last 3 bytes whose sequence runs past the end, else null. */
function incompleteTailStart(bytes: Uint8Array): number | null {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i -= 1) {
    const byte = bytes[i] ?? 0;
    if (byte < 0x80) return null;
    if (byte >= 0xc0) return i + sequenceLength(byte) > bytes.length ? i : null;
  }
  return null;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return 2;
}

/**
 * UTF-8 whose stray invalid bytes are read as windows-1252, one byte at a time: a UTF-8 document
 * (its BOM says so) with a few pasted Latin-1 words keeps both its UTF-8 and its `España`.
 */
export function decodeUtf8Lenient(bytes: Uint8Array, decodeByte: (byte: number) => string): string {
  const decoder = new TextDecoder('utf-8');
  let out = '';
  let start = 0;
  let i = 0;
  // A sequence cut off at the very end (a truncated body) stays a replacement character.
  const end = incompleteTailStart(bytes) ?? bytes.length;
  while (i < end) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += decoder.decode(bytes.subarray(start, i)) + decodeByte(bytes[i] ?? 0);
    i += 1;
    start = i;
  }
  return out + decoder.decode(bytes.subarray(start));
}

/** Length of the well-formed UTF-8 sequence at i (1 for ASCII), 0 when the bytes there are invalid. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  if (lead < 0xc2 || lead > 0xf4) return 0;
  const length = sequenceLength(lead);
  return i + length <= bytes.length && isUtf8(bytes.subarray(i, i + length)) ? length : 0;
}
