/** The bundled sample config (feeds.config.json) in a temp folder: absolute sample paths, a fresh database. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore, type Store } from '../../src/store/open-store.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface SampleWorkspace {
  dir: string;
  configPath: string;
  loaded: LoadedConfig;
}

/** Writes the sample config with `patch` applied to its JSON (e.g. extra feeds, port 0, websub). */
export function sampleWorkspace(patch: (config: Record<string, unknown>) => void = () => undefined): SampleWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'wd-sample-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'feeds.config.json'), 'utf8')) as Record<string, unknown> & { sources: Array<{ url: string }> };
  config['database'] = join(dir, 'wiredesk.db');
  for (const source of config.sources) source.url = resolve(ROOT, source.url);
  patch(config);
  const configPath = join(dir, 'feeds.config.json');
  const text = JSON.stringify(config, null, 2);
  writeFileSync(configPath, text);
  return { dir, configPath, loaded: parseConfigText(text, configPath) };
}

/** The sample workspace with every source ingested once. */
export async function ingestedSample(patch?: (config: Record<string, unknown>) => void): Promise<SampleWorkspace & { store: Store }> {
  const workspace = sampleWorkspace(patch);
  const store = openStore(join(workspace.dir, 'wiredesk.db'));
  await runIngest(workspace.loaded, store, silentLogger(), { all: true });
  return { ...workspace, store };
}
