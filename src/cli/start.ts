/**
 * `wiredesk start [--role all|worker|web]`: the service. `all` (default) polls and serves, `worker`
 * polls and never listens, `web` serves and never polls. On a PostgreSQL `database` any number of
 * them share one store; SIGTERM/SIGINT shut it down cleanly.
 */
import { loadConfig, resolveDatabase } from '../config/load-config.js';
import { createLogger } from '../log/logger.js';
import { startPgNode } from '../service/pg-node.js';
import { parseRole, serves } from '../service/roles.js';
import { startService } from '../service/service.js';
import type { Command } from './commands.js';

export const startCommand: Command = {
  summary: 'run the service: poll sources and serve feeds (--role all|worker|web; ingests once at start-up)',
  options: { role: { type: 'string', default: 'all' } },
  async run(values) {
    const role = parseRole(values.role);
    const log = createLogger();
    const loaded = loadConfig(values.config);
    const service = resolveDatabase(loaded).kind === 'postgres'
      ? await startPgNode(loaded, role, log)
      : await startService(loaded, { log, role });
    const feeds = loaded.config.feeds.map((f) => `${service.url}/feeds/${f.id}.rss`).join(' ');
    process.stdout.write(serves(role) ? `wiredesk: serving ${feeds}\n` : `wiredesk: polling as a worker (role ${role}), not listening\n`);
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
