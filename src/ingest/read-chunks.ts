/**
 * A read document as the commit consumes it: chunks of normalized reads handed on as they are
 * ready, so the main thread stores the first chunks while the parse threads still normalize the
 * later ones. Light on purpose (no parser, no normalizer): the main thread loads only this.
 */
import type { ReadDocument, ReadItem } from '../model/read-document.js';

/** One chunk of a document's reads; `index` is its place in the document (chunks may come in another order). */
export interface ReadChunk {
  index: number;
  items: ReadItem[];
  skipped: string[];
}

export interface StreamedDocument {
  meta: ReadDocument['meta'];
  /** What the document said before any entry (parse problems), first in `skipped`. */
  problems: string[];
  /** The reads, chunk by chunk, in the order to commit them; each chunk is let go once taken. */
  chunks: AsyncIterable<ReadChunk>;
  /** The items the document failed to deliver (wire events): every skipped entry of a feed, or a list of its own. */
  rejected: 'skipped' | string[];
  /** Chunks not yet back from the parse threads (0 once all are). */
  unread(): number;
}

/** What a document said about the entries it could not deliver, in document order, once every chunk is read. */
export interface SkipLog {
  add(chunk: ReadChunk): void;
  all(): string[];
}

export function createSkipLog(problems: string[]): SkipLog {
  const byChunk: string[][] = [];
  return {
    add: (chunk) => {
      byChunk[chunk.index] = chunk.skipped;
    },
    all: () => [...problems, ...byChunk.flatMap((s) => s ?? [])],
  };
}

/** A document read whole, as a stream of one chunk. */
export function streamWhole(read: ReadDocument): StreamedDocument {
  const { meta, items, skipped } = read;
  return { meta, problems: [], chunks: fromArray([{ index: 0, items, skipped }]), rejected: read.rejected ?? [], unread: () => 0 };
}

async function* fromArray(chunks: ReadChunk[]): AsyncGenerator<ReadChunk> {
  while (chunks.length > 0) yield chunks.shift() as ReadChunk;
}

/**
 * The chunks in the order they were dispatched, each as soon as it and those before it are done.
 * Every pending chunk's failure is caught here (none goes unhandled when the consumer stops early);
 * the first one the consumer reaches is thrown to it.
 */
export function inDispatchOrder(pending: Array<Promise<ReadChunk>>): Pick<StreamedDocument, 'chunks' | 'unread'> {
  let unread = pending.length;
  for (const p of pending) p.then(() => (unread -= 1), () => (unread -= 1));
  async function* chunks(): AsyncGenerator<ReadChunk> {
    while (pending.length > 0) yield await (pending.shift() as Promise<ReadChunk>);
  }
  return { chunks: chunks(), unread: () => unread };
}

/** The whole document again (`wiredesk parse`, PostgreSQL's one-transaction commit): chunks put back in document order. */
export async function collectDocument(doc: StreamedDocument): Promise<ReadDocument> {
  return { meta: doc.meta, ...(await collectReads(doc)) };
}

export async function collectReads(doc: Omit<StreamedDocument, 'meta'>): Promise<Omit<ReadDocument, 'meta'> & { rejected: string[] }> {
  const chunks: ReadChunk[] = [];
  for await (const chunk of doc.chunks) chunks.push(chunk);
  chunks.sort((a, b) => a.index - b.index);
  const skipped = [...doc.problems, ...chunks.flatMap((c) => c.skipped)];
  const rejected = doc.rejected === 'skipped' ? skipped : doc.rejected;
  return { items: chunks.flatMap((c) => c.items), skipped, rejected };
}
