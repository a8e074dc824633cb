import { ConfigError, parseConfigText } from '../../src/config/load-config.js';

/** The one-line problems a config is refused with (none when it loads). */
export function configProblems(json: unknown, env: Record<string, string | undefined> = process.env): string[] {
  try {
    parseConfigText(JSON.stringify(json), '/etc/wiredesk/feeds.config.json', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  return [];
}
