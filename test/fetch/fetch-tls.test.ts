import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import { WiredeskError } from '../../src/model/errors.js';

/** A throwaway self-signed certificate, made per run so no private key lives in the repository. */
function makeSelfSignedCert(dir: string): { key: Buffer; cert: Buffer } | null {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return null;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'wiredesk-tls-'));
const credentials = makeSelfSignedCert(dir);
let server: https.Server | null = null;
let base = '';

beforeAll(async () => {
  if (credentials === null) return;
  server = https.createServer(credentials, (_req, res) => res.writeHead(200).end('<rss/>'));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('fetchResource over HTTPS', () => {
  it.skipIf(credentials === null)('refuses an untrusted certificate with FETCH_NETWORK and a TLS hint', async () => {
    const err = await fetchResource(`${base}/feed.rss`, { timeoutMs: 2000, maxBytes: 1 << 20 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WiredeskError);
    expect(err).toMatchObject({ code: 'FETCH_NETWORK' });
    expect((err as WiredeskError).message).toMatch(/^fetch: TLS failure for https:\/\/127\.0\.0\.1:\d+\/feed\.rss \(\w+\)/);
  });
});
