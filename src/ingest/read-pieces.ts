/**
 * A parse thread's reads, handed to the main thread in pieces. Posted as one structured clone, a
 * chunk of 500 normalized items (~3.4 MB with their story features) is deserialized in one go
 * when its message arrives: 35–85 ms holding the event loop, measured in the serve bench's fill.
 * Serialized here in pieces of PIECE_ITEMS items instead, their buffers move without a copy, and
 * the main thread deserializes one piece per turn (a few milliseconds each) before it hands the
 * chunk on. Light on purpose: the main thread loads only this and node:v8.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { deserialize, serialize } from 'node:v8';
import type { ReadItem } from '../model/read-document.js';

/** Items per piece: ~350 KB of generated news items, a few milliseconds to deserialize. */
export const PIECE_ITEMS = 50;

/** A result whose `items` travel as serialized pieces. */
export type Packed<T extends { items: ReadItem[] }> = Omit<T, 'items'> & { pieces: Uint8Array[] };

/** In the parse thread: the result with its items serialized, `max` a piece. */
export function packItems<T extends { items: ReadItem[] }>(result: T, max = PIECE_ITEMS): Packed<T> {
  const { items, ...rest } = result;
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < items.length; start += max) {
    const bytes = serialize(items.slice(start, start + max));
    // A buffer of its own, so it can be transferred (serialize may hand out a view of a pooled one).
    pieces.push(bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));
  }
  return { ...rest, pieces };
}

/** The buffers a packed result moves to the main thread with. */
export function piecesOf(result: unknown): ArrayBuffer[] {
  const pieces = (result as { pieces?: unknown } | null)?.pieces;
  return Array.isArray(pieces) ? pieces.map((p: Uint8Array) => p.buffer as ArrayBuffer) : [];
}

/** On the main thread: the items again, one piece per turn of the event loop. A result that came whole passes as it is. */
export async function unpackItems<T extends { items: ReadItem[] }>(result: T | Packed<T>, turn: () => Promise<unknown> = nextTurn): Promise<T> {
  if (!('pieces' in result)) return result;
  const { pieces, ...rest } = result;
  const items: ReadItem[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) await turn();
    for (const read of deserialize(piece) as ReadItem[]) items.push(read);
  }
  return { ...rest, items } as unknown as T;
}
