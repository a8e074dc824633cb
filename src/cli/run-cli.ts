/** Dispatches `wiredesk <command>`; each command returns its exit code. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/load-config.js';
import { isWiredeskError } from '../model/errors.js';
import { COMMANDS, type Command } from './commands.js';

const USAGE = `usage: wiredesk <command> [--config PATH] [options]

commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}

Every command takes --config PATH (default ./feeds.config.json).`;

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 1;
  }
  const command: Command | undefined = COMMANDS[name];
  if (!command) {
    process.stderr.write(`wiredesk: unknown command "${name}"\n${USAGE}\n`);
    return 1;
  }
  let args;
  try {
    const options = { config: { type: 'string', default: './feeds.config.json' }, ...command.options } as ParseArgsConfig['options'];
    args = parseArgs({ args: rest, options, allowPositionals: command.positionals ?? false, strict: true });
  } catch (err) {
    process.stderr.write(`wiredesk ${name}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    return await command.run(args.values as Record<string, unknown> & { config: string }, args.positionals);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`wiredesk ${name}: ${isWiredeskError(err) ? `[${err.code}] ` : ''}${message}\n`);
    return 1;
  }
}
