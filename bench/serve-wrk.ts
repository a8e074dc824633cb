/**
 * The serve bench's load generator: wrk at 50 connections, and the CPU pinning it may run under.
 * `WIREDESK_BENCH_PIN=SERVERS/WRK` (e.g. `0/1`) runs the servers on the first CPU list and wrk on
 * the second (taskset), so wrk's threads stop taking the servers' core; unset, everything shares
 * the machine's cores, as on a 2-core box serving its own readers.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run$ = promisify(execFile);

export interface WrkResult { rps: number; requests: number; bad: number; p99Ms: number }

/** [command, args] under taskset when WIREDESK_BENCH_PIN gives CPUs for this side. */
export function pinned(side: 'servers' | 'wrk', command: string, args: string[]): [string, string[]] {
  const [servers, load] = (process.env.WIREDESK_BENCH_PIN ?? '').split('/');
  const cpus = side === 'servers' ? servers : load;
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

export function describePinning(): string {
  const pin = process.env.WIREDESK_BENCH_PIN;
  return pin ? `servers on CPU ${pin.split('/')[0]}, wrk on CPU ${pin.split('/')[1]} (taskset)` : 'wrk (2 threads) shares the cores with the servers (WIREDESK_BENCH_PIN=0/1 pins them apart)';
}

export async function wrk(url: string, seconds: number, extra: string[] = [], latency = false): Promise<WrkResult> {
  const [command, args] = pinned('wrk', 'wrk', ['-t2', '-c50', `-d${seconds}s`, ...(latency ? ['--latency'] : []), ...extra, url]);
  const { stdout } = await run$(command, args);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).reduce((a, b) => a + Number(b), 0) ?? 0);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0), requests, bad, p99Ms: durationMs(/\s99%\s+([\d.]+\w+)/.exec(stdout)?.[1] ?? '0ms') };
}

function durationMs(text: string): number {
  const [, value = '0', unit = 'ms'] = /([\d.]+)(\w+)/.exec(text) ?? [];
  return Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? 1);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
