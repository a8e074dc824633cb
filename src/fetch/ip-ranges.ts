/**
 * Which IP addresses are "inside": loopback, private, link-local, unique-local, unspecified and the
 * other ranges no public feed lives on. Works on the bytes, so every spelling of an address (IPv4
 * mapped or compatible in IPv6, NAT64, zero-padded hextets) is judged as the address it is.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** [first octets as a 32-bit number, prefix length, what it is] */
const INTERNAL_V4: Array<[number, number, string]> = [
  [ip4(0, 0, 0, 0), 8, 'unspecified'],
  [ip4(10, 0, 0, 0), 8, 'private'],
  [ip4(100, 64, 0, 0), 10, 'shared (carrier-grade NAT)'],
  [ip4(127, 0, 0, 0), 8, 'loopback'],
  [ip4(169, 254, 0, 0), 16, 'link-local'],
  [ip4(172, 16, 0, 0), 12, 'private'],
  [ip4(192, 0, 0, 0), 24, 'IETF protocol assignment'],
  [ip4(192, 168, 0, 0), 16, 'private'],
  [ip4(198, 18, 0, 0), 15, 'benchmarking'],
  [ip4(224, 0, 0, 0), 4, 'multicast'],
  [ip4(240, 0, 0, 0), 4, 'reserved'],
];

/** Returns why an address is internal ("loopback", "private"…), or null for a public address. */
export function internalRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return v4Range(parseV4(bare));
  if (!isIPv6(bare)) return 'not an IP address';
  const bytes = parseV6(bare);
  const embedded = embeddedV4(bytes);
  if (embedded !== null) return v4Range(embedded);
  return v6Range(bytes);
}

function v4Range(value: number): string | null {
  for (const [base, bits, why] of INTERNAL_V4) {
    if (bits === 0 || value >>> (32 - bits) === base >>> (32 - bits)) return why;
  }
  return null;
}

function v6Range(b: number[]): string | null {
  const at = (i: number): number => b[i] ?? 0;
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && at(15) === 1) return 'loopback';
  if (at(0) === 0xfe && (at(1) & 0xc0) === 0x80) return 'link-local';
  if (at(0) === 0xfe && (at(1) & 0xc0) === 0xc0) return 'site-local';
  if ((at(0) & 0xfe) === 0xfc) return 'unique-local';
  if (at(0) === 0xff) return 'multicast';
  if (at(0) === 0x20 && at(1) === 0x01 && at(2) === 0x0d && at(3) === 0xb8) return 'documentation';
  return null;
}

/** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::). */
function embeddedV4(b: number[]): number | null {
  const tail = (from: number): number => (((b[from] ?? 0) << 24) | ((b[from + 1] ?? 0) << 16) | ((b[from + 2] ?? 0) << 8) | (b[from + 3] ?? 0)) >>> 0;
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return tail(12);
  if (zeros(0, 12) && tail(12) > 1) return tail(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return tail(12);
  if (b[0] === 0x20 && b[1] === 0x02) return tail(2);
  return null;
}

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export function parseV4(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return ip4(a, b, c, d);
}

/** 16 bytes of an address net.isIPv6 accepted (`::` shorthand, a trailing dotted quad). */
export function parseV6(text: string): number[] {
  const hex = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) => {
    const v4 = ip4(Number(a), Number(b), Number(c), Number(d));
    return `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  });
  const toWords = (part: string): number[] => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const [left = '', right] = hex.split('::');
  const l = toWords(left);
  const r = right === undefined ? [] : toWords(right);
  const words = right === undefined ? l : [...l, ...Array<number>(8 - l.length - r.length).fill(0), ...r];
  return words.flatMap((w) => [(w >> 8) & 0xff, w & 0xff]);
}
