/** Dispatches `wiredesk <command>`; each command returns its exit code. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isWiredeskError } from '../model/errors.js';
import { COMMANDS, type Command } from './commands.js';

async function usage(): Promise<string> {
  const lines = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(9)} ${(await load()).summary}`));
  return `usage: wiredesk <command> [--config PATH] [options]\n\ncommands:\n${lines.join('\n')}\n\nEvery command takes --config PATH (default ./feeds.config.json).`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await usage()}\n`);
    return name ? 0 : 1;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`wiredesk: unknown command "${name}"\n${await usage()}\n`);
    return 1;
  }
  const command: Command = await load();
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
    // Loaded here, not up front: the config's modules are the command's to load (ingest starts its threads first).
    if (err instanceof (await import('../config/load-config.js')).ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`wiredesk ${name}: ${isWiredeskError(err) ? `[${err.code}] ` : ''}${message}\n`);
    return 1;
  }
}
