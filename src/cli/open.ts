/** What most commands start with: the validated config and the store it names. */
import { loadConfig, resolveDatabasePath, type LoadedConfig } from '../config/load-config.js';
import { openStore, type Store } from '../store/open-store.js';

export function openWorkspace(configPath: string): { loaded: LoadedConfig; store: Store } {
  const loaded = loadConfig(configPath);
  return { loaded, store: openStore(resolveDatabasePath(loaded)) };
}
