/**
 * Where content may send the fetcher. URLs that come from what a source serves (item links read for
 * full text, article links, a discovered feed, every redirect hop) must not reach internal
 * addresses, unless they stay on the very origin the operator configured or the operator allows the
 * network. The check runs on the address actually connected to (a custom DNS lookup), so a name
 * that resolves to a public address when first asked and to 127.0.0.1 later still fails.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { isIP, isIPv4 } from 'node:net';
import type { LookupFunction } from 'node:net';
import { WiredeskError } from '../model/errors.js';
import { internalRange, parseV4, parseV6 } from './ip-ranges.js';

/** `fetch.allowPrivateNetworks` (or a source's own): true for every internal network, or CIDRs. */
export type PrivateNetworkAllowance = boolean | readonly string[];

export interface AddressPolicy {
  /** Scheme, host and port of the operator-configured source URL (`file:` for files): never checked. */
  trustedOrigin: string;
  allow: PrivateNetworkAllowance;
}

export function createAddressPolicy(sourceUrl: string, allow: PrivateNetworkAllowance = false): AddressPolicy {
  return { trustedOrigin: originOf(sourceUrl), allow };
}

/** Scheme, host and port; `file:` for every local file. */
export function originOf(url: string | URL): string {
  const parsed = typeof url === 'string' ? safeUrl(url) : url;
  if (parsed === null) return '';
  return parsed.protocol === 'file:' ? 'file:' : `${parsed.protocol}//${parsed.host}`;
}

/**
 * Before connecting to `url`: throws FETCH_FORBIDDEN when it is plainly refused (an internal IP
 * literal, a file the source did not come from), else returns the DNS lookup to connect with
 * (undefined when nothing needs checking).
 */
export function guardUrl(url: URL, policy: AddressPolicy | undefined): LookupFunction | undefined {
  if (policy === undefined || originOf(url) === policy.trustedOrigin || policy.allow === true) return undefined;
  if (url.protocol === 'file:') throw forbiddenError(url.href, 'a local file', 'only a source read from a file may link to files');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    refuseAddress(url.href, host, policy.allow);
    return undefined;
  }
  return guardedLookup(url.href, policy.allow);
}

function guardedLookup(href: string, allow: PrivateNetworkAllowance): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const usable = addresses.filter((a) => whyRefused(a.address, allow) === null);
      const first = usable[0];
      if (first === undefined) {
        const sample = addresses[0]?.address ?? hostname;
        return callback(forbiddenError(href, `${hostname} (${sample}, ${whyRefused(sample, allow) ?? 'no address'})`, HINT), '', 0);
      }
      if (options.all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      return callback(null, first.address, first.family);
    });
  };
}

function refuseAddress(href: string, address: string, allow: PrivateNetworkAllowance): void {
  const why = whyRefused(address, allow);
  if (why !== null) throw forbiddenError(href, `${address} (${why})`, HINT);
}

/** Null when content may reach the address; else the kind of internal range it is in. */
export function whyRefused(address: string, allow: PrivateNetworkAllowance): string | null {
  const range = internalRange(address);
  if (range === null || allow === true) return range;
  if (allow !== false && allow.some((cidr) => inNetwork(address, cidr))) return null;
  return range;
}

/** Whether `address` lies in `cidr` (`10.0.0.0/8`, `fd00::/8`, a bare address); mapped IPv4 counts as IPv4. */
export function inNetwork(address: string, cidr: string): boolean {
  const [net = '', bitsText] = cidr.split('/');
  const bytesOf = (a: string): number[] | null => {
    const bare = a.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    if (isIPv4(bare)) return v4Bytes(parseV4(bare));
    if (isIP(bare) !== 6) return null;
    const b = parseV6(bare);
    return b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff ? b.slice(12) : b;
  };
  const a = bytesOf(address);
  const n = bytesOf(net);
  if (a === null || n === null || a.length !== n.length) return false;
  const bits = bitsText === undefined ? a.length * 8 : Number(bitsText);
  for (let i = 0; i < bits; i += 1) {
    const mask = 0x80 >> (i % 8);
    if (((a[i >> 3] ?? 0) & mask) !== ((n[i >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

/** A network for the allow list: an IPv4 or IPv6 address with an optional prefix length. */
export function isNetwork(cidr: string): boolean {
  const [net = '', bits, extra] = cidr.split('/');
  const family = isIP(net);
  if (family === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

function v4Bytes(value: number): number[] {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

const HINT = 'a URL from a source\'s content may not reach an internal address; if this network is meant, allow it with fetch.allowPrivateNetworks (or the source\'s allowPrivateNetworks)';

function forbiddenError(url: string, what: string, hint: string): WiredeskError {
  return new WiredeskError('FETCH_FORBIDDEN', `fetch: refused ${url}: it points at ${what}; ${hint}`);
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
