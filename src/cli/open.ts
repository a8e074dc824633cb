/** What most commands start with: the validated config and the store it names. */
import { loadConfig, resolveDatabase, resolveDatabasePath, type LoadedConfig } from '../config/load-config.js';
import { openStore, type Store } from '../store/open-store.js';
import type { CuratePort } from '../curate/curate-port.js';
import { openPgDatabase } from '../store-pg/connection.js';
import { createPgCuratePort } from '../store-pg/curate-reads.js';

export function openWorkspace(configPath: string): { loaded: LoadedConfig; store: Store } {
  const loaded = loadConfig(configPath);
  return { loaded, store: openStore(resolveDatabasePath(loaded)) };
}

/** curate's read port on the config's store, SQLite or PostgreSQL (build reads nothing else). */
export async function openCuratePort(loaded: LoadedConfig): Promise<{ port: CuratePort; close(): Promise<void> }> {
  const target = resolveDatabase(loaded);
  if (target.kind === 'sqlite') {
    const store = openStore(target.path);
    return { port: store.curate, close: async () => store.close() };
  }
  const db = await openPgDatabase(target.url, { max: 2, applicationName: 'wiredesk build' });
  return { port: createPgCuratePort(db.pool), close: () => db.close() };
}
