/** Structured logs (pino): JSON lines in production, a readable line per event on a terminal. */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Readable output instead of JSON lines; defaults to whether stderr is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.destination ?? process.stderr;
  const pretty = options.pretty ?? (process.stderr.isTTY === true && !options.destination);
  const level = options.level ?? process.env.WIREDESK_LOG_LEVEL ?? 'info';
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pretty ? readableStream(out) : out);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function readableStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line) out.write(`${formatLine(line)}\n`);
      }
      done();
    },
  });
}

function formatLine(line: string): string {
  try {
    const { level, time, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const clock = typeof time === 'string' ? time.slice(11, 19) : '';
    const extras = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return [clock, (LEVELS[level as number] ?? String(level)).padEnd(5), msg ?? '', ...extras].join(' ').trim();
  } catch {
    return line;
  }
}
