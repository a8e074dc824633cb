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
 * How far the parse threads may normalize ahead of the commit, across every document of a pool:
 * at most `size` chunks handed to the threads before their commit asks for them (whether still on
 * a thread or done and waiting). A commit that asks for a chunk not yet handed on has it handed on
 * at once, beyond the window, so no commit waits for another's. Places go to the earliest
 * document first (the one being committed), so later documents wait parsed but not normalized.
 */
export interface ChunkWindow {
  /**
   * A document of `count` chunks, `normalize(at)` normalizing the `at`-th in commit order; handed
   * on as the window allows. Stopping early (`return()`, or a failed chunk) gives its places back.
   */
  open(rank: number, count: number, normalize: (at: number) => Promise<ReadChunk>): Pick<StreamedDocument, 'chunks' | 'unread'>;
}

interface WindowState {
  size: number;
  /** Chunks handed on before their commit asked for them, not yet taken. */
  ahead: number;
  /** Open documents with chunks left to hand on, earliest first. */
  waiting: WindowDoc[];
}

/** One document's chunks: `pending[i]` is handed on and not yet taken (a taken one is let go here). */
interface WindowDoc {
  rank: number;
  count: number;
  pending: Array<Promise<ReadChunk> | undefined>;
  sent: number;
  taken: number;
  unread: number;
  open: boolean;
  normalize(at: number): Promise<ReadChunk>;
}

export function createChunkWindow(size: number): ChunkWindow {
  const state: WindowState = { size, ahead: 0, waiting: [] };
  return {
    open(rank, count, normalize) {
      const doc: WindowDoc = { rank, count, pending: [], sent: 0, taken: 0, unread: count, open: true, normalize };
      state.waiting.splice(state.waiting.filter((d) => d.rank < rank).length, 0, doc);
      fill(state);
      return { chunks: chunksOf(state, doc), unread: () => doc.unread };
    },
  };
}

/** Hands on the earliest documents' next chunks while the window has places. */
function fill(state: WindowState): void {
  while (state.ahead < state.size && state.waiting.length > 0) {
    const doc = state.waiting[0] as WindowDoc;
    if (doc.sent < doc.count) {
      handOn(doc);
      state.ahead += 1;
    } else state.waiting.shift();
  }
}

function handOn(doc: WindowDoc): void {
  const p = doc.normalize(doc.sent);
  // Every chunk's failure is caught here (none goes unhandled when the commit stops early); the commit meets it when it asks for that chunk.
  p.then(() => (doc.unread -= 1), () => (doc.unread -= 1));
  doc.pending[doc.sent] = p;
  doc.sent += 1;
}

/** The document stops (all taken, stopped early, or failed): its places go to the next documents. */
function close(state: WindowState, doc: WindowDoc): void {
  if (!doc.open) return;
  doc.open = false;
  const at = state.waiting.indexOf(doc);
  if (at !== -1) state.waiting.splice(at, 1);
  state.ahead -= doc.sent - doc.taken;
  doc.pending.length = 0;
  fill(state);
}

function chunksOf(state: WindowState, doc: WindowDoc): AsyncIterableIterator<ReadChunk> {
  const done = (): IteratorReturnResult<undefined> => {
    close(state, doc);
    return { done: true, value: undefined };
  };
  const chunks: AsyncIterableIterator<ReadChunk> = {
    [Symbol.asyncIterator]: () => chunks,
    async next() {
      if (!doc.open || doc.taken >= doc.count) return done();
      // Taken from the window (its place goes on), or asked for before it was handed on (handed on now).
      if (doc.taken < doc.sent) state.ahead -= 1;
      else handOn(doc);
      const p = doc.pending[doc.taken] as Promise<ReadChunk>;
      doc.pending[doc.taken] = undefined;
      doc.taken += 1;
      fill(state);
      try {
        return { done: false, value: await p };
      } catch (err) {
        close(state, doc);
        throw err;
      }
    },
    return: async () => done(),
  };
  return chunks;
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
