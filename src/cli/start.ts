/** `wiredesk start`: the service (scheduler + HTTP server); SIGTERM/SIGINT shut it down cleanly. */
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../log/logger.js';
import { startService } from '../service/service.js';
import type { Command } from './commands.js';

export const startCommand: Command = {
  summary: 'run the scheduler and the HTTP server (ingests once at start-up)',
  async run(values) {
    const log = createLogger();
    const loaded = loadConfig(values.config);
    const service = await startService(loaded, { log });
    process.stdout.write(`wiredesk: serving ${loaded.config.feeds.map((f) => `${service.url}/feeds/${f.id}.rss`).join(' ')}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log.info({ signal }, 'service: shutting down');
        service.close().then(resolve, resolve);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  },
};
