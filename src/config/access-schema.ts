/**
 * Config keys for licensed copy: source credentials (`headers`, `auth`), private curated feeds
 * (`access`), alert webhooks and the dashboard's admin token. Secret values may be `${ENV}`
 * references, expanded after validation by expand-env.ts.
 */
import { z } from 'zod';

/** Headers that belong to the HTTP exchange itself, never to a source's credentials. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer',
  'keep-alive', 'proxy-connection', 'accept-encoding', 'if-none-match', 'if-modified-since']);

const HEADER_NAME = z.string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'is set by wiredesk itself and cannot be configured');

const SECRET = z.string().min(1);

export const sourceAuthSchema = z.union([
  z.strictObject({ basic: z.strictObject({ username: z.string().min(1), password: z.string() }) }),
  z.strictObject({ bearer: SECRET }),
], { error: 'must be {"basic": {"username", "password"}} or {"bearer": "TOKEN"}' });

/** Spread into the source schema. */
export const sourceCredentialsShape = {
  headers: z.record(HEADER_NAME, z.string()).optional(),
  auth: sourceAuthSchema.optional(),
};

export const webhookSchema = z.strictObject({
  url: z.string().min(1),
  secret: SECRET,
});

/** Spread into the curated feed schema. */
export const feedAccessShape = {
  access: z.enum(['public', 'token']).default('public'),
  webhooks: z.array(webhookSchema).max(16).default([]),
};

export const ADMIN_TOKEN = SECRET;

/** Credentials in the URL would be logged and shown with it: they belong in `auth` with `${ENV}`. */
export function hasUserInfo(url: string): boolean {
  if (!/^https?:/i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}
