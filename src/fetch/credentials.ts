/**
 * A source's credentials (its `headers` and `auth`) are bound to the origin of its configured URL:
 * they are sent on the first request and on redirects that stay on that origin, and never again once
 * a redirect has left it (even if a later hop comes back). Values never appear in errors or logs:
 * only the header names are ever reported.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { SourceConfig } from '../config/schema.js';

export interface SourceCredentials {
  /** `scheme://host:port` the headers may be sent to. */
  origin: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
}

/** Null for sources without credentials or not on http(s). */
export function credentialsFor(source: Pick<SourceConfig, 'headers' | 'auth'>, url: string): SourceCredentials | null {
  if (source.headers === undefined && source.auth === undefined) return null;
  let origin: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    origin = parsed.origin;
  } catch {
    return null;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(source.headers ?? {})) headers[name.toLowerCase()] = value;
  const auth = source.auth;
  if (auth !== undefined && 'basic' in auth) {
    headers.authorization = `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`, 'utf8').toString('base64')}`;
  } else if (auth !== undefined) {
    headers.authorization = `Bearer ${auth.bearer}`;
  }
  return { origin, headers };
}

export interface CredentialGate {
  /** The headers for a request to url: with the credentials while the chain has stayed on their origin. */
  headersFor(url: URL, base: OutgoingHttpHeaders): OutgoingHttpHeaders;
}

export function createCredentialGate(credentials: SourceCredentials | null | undefined): CredentialGate {
  let trusted = credentials !== null && credentials !== undefined;
  return {
    headersFor(url, base) {
      if (!trusted || credentials === null || credentials === undefined) return base;
      if (url.origin !== credentials.origin) {
        trusted = false;
        return base;
      }
      return { ...base, ...credentials.headers };
    },
  };
}
