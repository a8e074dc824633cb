/**
 * A parse thread's reads reach the main thread in serialized pieces (src/ingest/read-pieces.ts):
 * a chunk of N items arrives in pieces of at most PIECE_ITEMS, is deserialized one piece per turn,
 * and comes out exactly as it went in. Counted, never timed.
 */
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { packItems, PIECE_ITEMS, piecesOf, unpackItems } from '../../src/ingest/read-pieces.js';
import { precomputeFeatures } from '../../src/dedup/story-features.js';
import { generatedFeeds } from './slice-fixtures.js';

function chunkOf(count: number) {
  const { wire } = generatedFeeds(count, 0);
  const items = wire.map((read) => ({ ...read, raw: `<item>${read.item.title}</item>`, features: precomputeFeatures(read.item) }));
  return { items, skipped: ['parse: entry 7 has no link'] };
}

describe('reads handed on in pieces', () => {
  it(`packs a chunk of ${PIECE_ITEMS * 4 + 7} items into pieces of at most ${PIECE_ITEMS}, each with a buffer of its own to transfer`, () => {
    const packed = packItems(chunkOf(PIECE_ITEMS * 4 + 7));
    const sizes = packed.pieces.map((p) => (deserialize(p) as unknown[]).length);
    expect(sizes).toEqual([PIECE_ITEMS, PIECE_ITEMS, PIECE_ITEMS, PIECE_ITEMS, 7]);
    expect(piecesOf(packed)).toHaveLength(5);
    for (const piece of packed.pieces) expect(piece.byteLength).toBe(piece.buffer.byteLength);
    expect(packed).not.toHaveProperty('items');
  });

  it('deserializes one piece per turn and gives back exactly the items and the rest of the result', async () => {
    const chunk = chunkOf(PIECE_ITEMS * 2 + 1);
    let turns = 0;
    const unpacked = await unpackItems(packItems(chunk), async () => {
      turns += 1;
    });
    expect(turns).toBe(2);
    expect(unpacked).toEqual(structuredClone(chunk));
    expect(unpacked.items[3]?.features?.analysis).toEqual(chunk.items[3]?.features?.analysis);
  });

  it('passes a result that came whole as it is', async () => {
    const chunk = chunkOf(3);
    await expect(unpackItems(chunk, async () => expect.fail('no turn for a whole result'))).resolves.toBe(chunk);
  });
});
