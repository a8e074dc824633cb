#!/usr/bin/env node
/** The `wiredesk` command: one file per subcommand in src/cli/. */
import { exitQuietlyOnClosedPipe } from './cli/closed-pipe.js';
import { runCli } from './cli/run-cli.js';

exitQuietlyOnClosedPipe(process.stdout);

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`wiredesk: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
