import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/open-store.js';

/** A real SQLite file in a fresh temp folder. */
export function tempStore(): { store: Store; path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wd-store-'));
  const path = join(dir, 'wiredesk.db');
  return { store: openStore(path), path, dir };
}
