/** The table of subcommands, each loaded only when it runs (so `check` or `--help` start fast). */
import type { ParseArgsConfig } from 'node:util';

export interface Command {
  summary: string;
  options?: ParseArgsConfig['options'];
  positionals?: boolean;
  run(values: Record<string, unknown> & { config: string }, positionals: string[]): Promise<number>;
}

export const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.js')).startCommand,
  ingest: async () => (await import('./ingest.js')).ingestCommand,
  build: async () => (await import('./build.js')).buildCommand,
  parse: async () => (await import('./parse.js')).parseCommand,
  check: async () => (await import('./check.js')).checkCommand,
  sources: async () => (await import('./sources.js')).sourcesCommand,
  recluster: async () => (await import('./recluster.js')).reclusterCommand,
  cluster: async () => (await import('./cluster.js')).clusterCommand,
  stories: async () => (await import('./stories.js')).storiesCommand,
  tokens: async () => (await import('./tokens.js')).tokensCommand,
  prune: async () => (await import('./prune.js')).pruneCommand,
  'migrate-store': async () => (await import('./migrate-store.js')).migrateStoreCommand,
};
