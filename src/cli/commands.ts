/** The table of subcommands. */
import type { ParseArgsConfig } from 'node:util';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { ingestCommand } from './ingest.js';
import { parseCommand } from './parse.js';
import { reclusterCommand } from './recluster.js';
import { sourcesCommand } from './sources.js';
import { startCommand } from './start.js';
import { storiesCommand } from './stories.js';

export interface Command {
  summary: string;
  options?: ParseArgsConfig['options'];
  positionals?: boolean;
  run(values: Record<string, unknown> & { config: string }, positionals: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  start: startCommand,
  ingest: ingestCommand,
  build: buildCommand,
  parse: parseCommand,
  check: checkCommand,
  sources: sourcesCommand,
  recluster: reclusterCommand,
  stories: storiesCommand,
};
