/** `wiredesk check`: validates the config; exit 2 with one line per problem and its key path. */
import { loadConfig } from '../config/load-config.js';
import type { Command } from './commands.js';

export const checkCommand: Command = {
  summary: 'validate the config file (exit 2 on errors, each with its key path)',
  async run(values) {
    const { config, path } = loadConfig(values.config);
    process.stdout.write(`${path}: ok (${config.sources.length} sources, ${config.feeds.length} curated feeds)\n`);
    return 0;
  },
};
