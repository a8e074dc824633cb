/**
 * Child processes of the serve benchmark, one per server so neither shares an event loop, a heap
 * or threads with the other:
 * - `service CONFIG FEED_PATH BODY_FILE`: the real service (`startService`: render worker, metrics,
 *   access guard, connection tracking), no start-up ingest and no schedule; writes the feed's bytes
 *   to BODY_FILE for the bare server and prints one JSON line; IPC `ingest` runs one pass and
 *   answers with its wall time and the event loop's delay during it as soon as it ends, and with
 *   the longest loop hold of the 3 s after it (`afterMaxMs`) then. `WIREDESK_BENCH_TRACE=FILE`
 *   also writes the process's timeline during the pass (serve-trace.ts), its info log and the main
 *   thread's CPU profile with its longest holds (serve-profile.ts).
 * - `bare BODY_FILE CONTENT_TYPE ETAG [HEADERS_JSON]`: a bare node:http server answering those bytes
 *   with the same status, Content-Type, Content-Length and ETag (304 on a matching If-None-Match),
 *   and these extra headers when given (the service's 304 headers: what they cost by themselves).
 * Both answer IPC `cpu` with their CPU usage so far.
 */
import { createWriteStream, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/log/logger.js';
import { startService } from '../src/service/service.js';
import { startProfile } from './serve-profile.js';
import { startTrace } from './serve-trace.js';

export interface TargetReady {
  url: string;
  etag: string;
  contentType: string;
  bytes: number;
  entries: number;
}

const [mode = '', ...args] = process.argv.slice(2);
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});

if (mode === 'bare') {
  const [bodyFile = '', contentType = '', etag = '', notModifiedHeaders = '{}'] = args;
  const body = readFileSync(bodyFile);
  // With a 5th argument, the 304's headers are those the service sends (what they cost, apart from our code).
  const extra = JSON.parse(notModifiedHeaders) as Record<string, string>;
  const bare = createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, ...extra });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(body.length), ETag: etag, ...extra });
    res.end(body);
  });
  bare.listen(0, '127.0.0.1', () => {
    const { port } = bare.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, etag, contentType, bytes: body.length, entries: 0 } satisfies TargetReady)}\n`);
  });
} else {
  const [configPath = '', feedPath = '', bodyFile = ''] = args;
  const traceFile = process.env.WIREDESK_BENCH_TRACE;
  const log = traceFile === undefined ? createLogger({ level: 'warn' }) : createLogger({ level: 'info', destination: createWriteStream(`${traceFile}.log`) });
  const service = await startService(loadConfig(configPath), { log, ingestAtStart: false, schedule: false });
  const first = await fetch(`${service.url}${feedPath}`);
  const body = Buffer.from(await first.arrayBuffer());
  writeFileSync(bodyFile, body);
  const entries = (body.toString('utf8').match(/<item>|<entry[ >]/g) ?? []).length;
  process.on('message', (message) => {
    if (message !== 'ingest') return;
    const started = performance.now();
    // How long this thread was held at a time during the fill (a commit blocks requests while it runs).
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const stopTrace = traceFile === undefined ? () => undefined : startTrace(openSync(traceFile, 'w'));
    const stopProfile = traceFile === undefined ? async () => undefined : startProfile(traceFile);
    void service.ingestOnce().then(async () => {
      log.info('bench: pass over');
      lag.disable();
      const ms = (ns: number) => ns / 1e6;
      const during = { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max) };
      const ingestedMs = performance.now() - started;
      process.send?.({ loopDelay: during, ingestedMs });
      // What the pass leaves running after it (alert dispatch, re-renders) holds the loop too.
      const after = monitorEventLoopDelay({ resolution: 5 });
      after.enable();
      await new Promise((r) => setTimeout(r, 3000));
      after.disable();
      stopTrace();
      await stopProfile();
      process.send?.({ afterMaxMs: ms(after.max) });
    });
  });
  process.stdout.write(`${JSON.stringify({
    url: service.url, etag: first.headers.get('etag') ?? '', contentType: first.headers.get('content-type') ?? '', bytes: body.length, entries,
  } satisfies TargetReady)}\n`);
}
