/** `file:` sources: local captures and mounted drops, read with the same byte cap as HTTP. */
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WiredeskError } from '../model/errors.js';
import { badUrlError, emptyError, tooLargeError } from './fetch-errors.js';

export interface FileBody {
  body: Buffer;
  lastModified: string;
}

export async function readFileUrl(url: URL, maxBytes: number): Promise<FileBody> {
  const path = toPath(url);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw notFound(url.href, err);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notFound(url.href, new Error('not a regular file'));
    if (stat.size > maxBytes) throw tooLargeError(url.href, maxBytes);
    // Read one byte past the cap: the file may have grown since stat.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size, 1)));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw tooLargeError(url.href, maxBytes);
    if (bytesRead === 0) throw emptyError(url.href);
    return { body: buffer.subarray(0, bytesRead), lastModified: stat.mtime.toUTCString() };
  } catch (err) {
    if (err instanceof WiredeskError) throw err;
    throw notFound(url.href, err);
  } finally {
    await handle.close();
  }
}

function toPath(url: URL): string {
  try {
    return fileURLToPath(url);
  } catch (err) {
    throw badUrlError(url.href, 'file: URLs must name a local path (file:///path)', err);
  }
}

function notFound(href: string, cause: unknown): WiredeskError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new WiredeskError('FETCH_NOT_FOUND', `fetch: cannot read ${href} (${why}); check the source path`, { cause });
}
