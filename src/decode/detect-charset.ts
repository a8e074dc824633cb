/** Where a document says (or shows) its encoding: BOM, HTTP header, XML prolog, HTML meta, byte shape. */

export interface Bom {
  encoding: string;
  length: number;
}

/** UTF-32 is tested before UTF-16 because FF FE 00 00 also starts with the UTF-16LE BOM. */
const BOMS: Array<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

export function detectBom(bytes: Uint8Array): Bom | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return { encoding: bom.encoding, length: bom.bytes.length };
  }
  return null;
}

/**
 * UTF-16/32 without a BOM still shows itself: markup and JSON start with an ASCII character,
 * which those encodings pad with zero bytes on one side.
 */
export function sniffWideUnicode(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  const z = [bytes[0] === 0, bytes[1] === 0, bytes[2] === 0, bytes[3] === 0];
  if (!z[0] && z[1] && z[2] && z[3]) return 'utf-32le';
  if (z[0] && z[1] && z[2] && !z[3]) return 'utf-32be';
  if (!z[0] && z[1] && !z[2] && z[3]) return 'utf-16le';
  if (z[0] && !z[1] && z[2] && !z[3]) return 'utf-16be';
  return null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  if (contentType === null) return null;
  const match = /;\s*charset\s*=\s*"?([^";,\s]+)"?/i.exec(contentType);
  return match?.[1] ?? null;
}

/** The head of the document read as Latin-1, which keeps ASCII markup readable in any 8-bit charset. */
export function readHead(bytes: Uint8Array, limit = 2048): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, limit)).toString('latin1');
}

export function charsetFromXmlProlog(head: string): string | null {
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  return match?.[1] ?? null;
}

/** Both `<meta charset="x">` and `<meta http-equiv="Content-Type" content="…; charset=x">`. */
export function charsetFromHtmlMeta(head: string): string | null {
  const match = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return match?.[1] ?? null;
}
