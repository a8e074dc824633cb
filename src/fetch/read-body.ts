/**
 * Streams a response body through its Content-Encoding decoders and counts the bytes that come
 * OUT of them, so a few KB of gzip that inflate to gigabytes stop at the cap, not in memory.
 */
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import type { Transform } from 'node:stream';
import { WiredeskError } from '../model/errors.js';
import { tooLargeError } from './fetch-errors.js';
import { header } from './http-get.js';

export async function readBody(
  res: IncomingMessage,
  url: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Buffer> {
  try {
    const decoders = createDecoders(header(res, 'content-encoding'), url);
    if (decoders.length === 0) rejectDeclaredLength(url, res, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    // Failing a write makes pipeline destroy the socket and the decoders at once: no more bytes.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        total += chunk.length;
        if (total > maxBytes) return done(tooLargeError(url, maxBytes));
        chunks.push(chunk);
        done();
      },
    });
    await pipeline([res, ...decoders, sink], { signal });
    return Buffer.concat(chunks, total);
  } finally {
    res.destroy();
  }
}

/** A plain body whose Content-Length already exceeds the cap is refused before any byte is read. */
function rejectDeclaredLength(url: string, res: IncomingMessage, maxBytes: number): void {
  const declared = Number(header(res, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw tooLargeError(url, maxBytes);
  }
}

/** Decoders in the order to apply them: `Content-Encoding: gzip, br` means br was applied last. */
function createDecoders(contentEncoding: string | null, url: string): Transform[] {
  if (contentEncoding === null) return [];
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  return codings.reverse().map((coding) => createDecoder(coding, url));
}

// Sync flush tolerates a truncated last block, as browsers do, instead of failing the whole feed.
const ZLIB_LENIENT = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_LENIENT = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

function createDecoder(coding: string, url: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_LENIENT);
    case 'deflate':
      return zlib.createInflate(ZLIB_LENIENT);
    case 'br':
      return zlib.createBrotliDecompress(BROTLI_LENIENT);
    default:
      throw new WiredeskError(
        'FETCH_NETWORK',
        `fetch: ${url} sent Content-Encoding "${coding}" that was not asked for; the server is misconfigured`,
      );
  }
}
