/**
 * WAL checkpoints in a thread of their own (src/store/wal-checkpointer.ts): a store opened to
 * leave them to the checkpointer never checkpoints in its own COMMITs, and the checkpointer's
 * checkpoints copy every frame, so the WAL starts over instead of growing. Counted in WAL frames.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { CHECKPOINTER_SAFETY_PAGES, startWalCheckpointer, type WalCheckpointer } from '../../src/store/wal-checkpointer.js';
import { tempStore } from '../helpers/temp-store.js';

const open: Array<{ store: Store; checkpointer: WalCheckpointer; dir: string }> = [];
afterEach(async () => {
  for (const { store, checkpointer, dir } of open.splice(0)) {
    await checkpointer.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A store and a checkpointer that runs only when asked (its timer far off). */
function withCheckpointer(options: { autoCheckpointPages?: number }) {
  const { store: made, path, dir } = tempStore();
  made.close();
  const store = openStore(path, options);
  const checkpointer = startWalCheckpointer(path, { everyMs: 3_600_000 });
  open.push({ store, checkpointer, dir });
  return { store, checkpointer };
}

/** One small transaction after another: each COMMIT appends at least one frame to the WAL. */
function commits(store: Store, count: number): void {
  for (let i = 0; i < count; i += 1) store.transaction(() => store.meta.bumpGeneration());
}

describe('the WAL checkpointer', () => {
  it('finds every frame of 1,200 commits still in the WAL when the store leaves checkpoints to it, and copies them all', async () => {
    const { store, checkpointer } = withCheckpointer({ autoCheckpointPages: CHECKPOINTER_SAFETY_PAGES });
    await checkpointer.checkpoint();
    commits(store, 1200);
    const first = await checkpointer.checkpoint();
    expect(first.log).toBeGreaterThanOrEqual(1200);
    expect(first.checkpointed).toBe(first.log);
  });

  it('finds a WAL its store checkpointed by itself at SQLite\'s 1,000 pages when the store is opened as usual', async () => {
    const { store, checkpointer } = withCheckpointer({});
    await checkpointer.checkpoint();
    commits(store, 1200);
    expect((await checkpointer.checkpoint()).log).toBeLessThan(1000);
  });

  it('lets the WAL start over after each of its checkpoints', async () => {
    const { store, checkpointer } = withCheckpointer({ autoCheckpointPages: CHECKPOINTER_SAFETY_PAGES });
    const logs: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      commits(store, 300);
      logs.push((await checkpointer.checkpoint()).log);
    }
    // Each round's 300 commits, never the rounds before it.
    for (const log of logs) expect(log).toBeLessThan(700);
    expect(Math.min(...logs)).toBeGreaterThanOrEqual(300);
  });

  it('answers a checkpoint after it was closed with a clear store error', async () => {
    const { checkpointer } = withCheckpointer({});
    await checkpointer.close();
    await expect(checkpointer.checkpoint()).rejects.toMatchObject({ code: 'STORE_FAILED' });
  });
});
