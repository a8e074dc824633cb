/** What most commands start with: the validated config and the store it names. */
import { loadConfig, resolveDatabase, resolveDatabasePath, type LoadedConfig } from '../config/load-config.js';
import { openStore, type Store } from '../store/open-store.js';
import type { CuratePort } from '../curate/curate-port.js';
import { sqliteTokenPort, type TokenPort } from '../http/access-tokens.js';
import { sqliteOpsPort, type OpsReadPort } from '../service/ops-port.js';
import { openPgDatabase } from '../store-pg/connection.js';
import { createPgCuratePort } from '../store-pg/curate-reads.js';
import { createPgOpsPort } from '../store-pg/ops-reads.js';
import { createPgTokenPort } from '../store-pg/tokens.js';

export function openWorkspace(configPath: string): { loaded: LoadedConfig; store: Store } {
  const loaded = loadConfig(configPath);
  return { loaded, store: openStore(resolveDatabasePath(loaded)) };
}

/** The ports a command reads and writes through, on the config's store: SQLite or PostgreSQL. */
export interface StorePorts {
  curate: CuratePort;
  tokens: TokenPort;
  ops: OpsReadPort;
  close(): Promise<void>;
}

export async function openStorePorts(loaded: LoadedConfig, command: string): Promise<StorePorts> {
  const target = resolveDatabase(loaded);
  if (target.kind === 'sqlite') {
    const store = openStore(target.path);
    return { curate: store.curate, tokens: sqliteTokenPort(store.tokens), ops: sqliteOpsPort(store), close: async () => store.close() };
  }
  const db = await openPgDatabase(target.url, { max: 2, applicationName: `wiredesk ${command}` });
  return { curate: createPgCuratePort(db.pool), tokens: createPgTokenPort(db), ops: createPgOpsPort(db.pool), close: () => db.close() };
}

/** curate's read port on the config's store, SQLite or PostgreSQL (build reads nothing else). */
export async function openCuratePort(loaded: LoadedConfig): Promise<{ port: CuratePort; close(): Promise<void> }> {
  const ports = await openStorePorts(loaded, 'build');
  return { port: ports.curate, close: ports.close };
}
