/**
 * A timeline of the service process during the serve bench's fill (`WIREDESK_BENCH_TRACE=FILE`):
 * every 100 ms, how long the event loop was held, the requests started and finished and the
 * slowest request → finish time of the window (server side), garbage collections, CPU per thread
 * (from /proc) and of the whole machine. One JSON line per sample, to line up with the bench's
 * client-side probe: it tells a request waiting in our code from one waiting outside it.
 */
import { subscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface TraceSample {
  t: number;
  loopMaxMs: number;
  started: number;
  finished: number;
  inFlight: number;
  slowestMs: number;
  gcMs: number;
  gcKinds: number[];
  heapMb: number;
  threads: Record<string, number>;
  machineBusy: number;
}

export function startTrace(fd: number, periodMs = 100): () => void {
  const startedAt = new WeakMap<IncomingMessage, number>();
  const w = { started: 0, finished: 0, inFlight: 0, slowestMs: 0, gcMs: 0, gcKinds: [] as number[] };
  subscribe('http.server.request.start', (m) => {
    startedAt.set((m as { request: IncomingMessage }).request, performance.now());
    w.started += 1;
    w.inFlight += 1;
  });
  subscribe('http.server.response.finish', (m) => {
    const { request } = m as { request: IncomingMessage; response: ServerResponse };
    const t0 = startedAt.get(request);
    w.finished += 1;
    w.inFlight -= 1;
    if (t0 !== undefined) w.slowestMs = Math.max(w.slowestMs, performance.now() - t0);
  });
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.gcMs += e.duration;
      w.gcKinds.push((e.detail as { kind?: number } | undefined)?.kind ?? 0);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  let threads = threadTicks();
  let machine = machineTicks();
  const timer = setInterval(() => {
    const nextThreads = threadTicks();
    const nextMachine = machineTicks();
    const perThread: Record<string, number> = {};
    for (const [name, ticks] of nextThreads) perThread[name] = ticks - (threads.get(name) ?? 0);
    const total = nextMachine.total - machine.total;
    const sample: TraceSample = {
      t: Date.now(), loopMaxMs: lag.max / 1e6, started: w.started, finished: w.finished, inFlight: w.inFlight,
      slowestMs: Math.round(w.slowestMs), gcMs: Math.round(w.gcMs), gcKinds: w.gcKinds, heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      threads: perThread, machineBusy: total > 0 ? 1 - (nextMachine.idle - machine.idle) / total : 0,
    };
    writeSync(fd, `${JSON.stringify(sample)}\n`);
    Object.assign(w, { started: 0, finished: 0, slowestMs: 0, gcMs: 0, gcKinds: [] });
    lag.reset();
    [threads, machine] = [nextThreads, nextMachine];
  }, periodMs);
  return () => {
    clearInterval(timer);
    lag.disable();
    gc.disconnect();
  };
}

/** utime+stime ticks per thread, keyed "comm/tid". */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      out.set(`${name}/${tid}`, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

function machineTicks(): { total: number; idle: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/).slice(1).map(Number) ?? [];
  return { total: cpu.reduce((a, b) => a + b, 0), idle: (cpu[3] ?? 0) + (cpu[4] ?? 0) };
}
