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
