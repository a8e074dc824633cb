/**
 * Part 2 of the serve bench: p99 of the cached feed under 50 connections (a new wrk, so new
 * connections, every 3 s window), idle before and after the pass, then back to back while the
 * service ingests a 5,000-item cold fill in the same process. The idle figure is the median of
 * six windows in the same run, with its spread, beside a bare node:http server's idle p99 on the
 * same machine at the same moment: on a shared 2-core box one idle window says little.
 * `fillWithoutReaders` times the same fill with no client (WIREDESK_BENCH_SERVE=quiet).
 */
import type { ChildProcess } from 'node:child_process';
import { openSync, writeFileSync, writeSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { loadavg } from 'node:os';
import { describePinning, median, wrk, type WrkResult } from './serve-wrk.js';

const IDLE_WINDOWS = 3;
const MAX_WINDOWS = 60;

export interface FillTarget { child: ChildProcess; url: string }
interface LoopDelay { p50: number; p99: number; max: number }
interface PassReport { ingestedMs: number; loopDelay: LoopDelay }

export async function latencyDuringFill(ours: FillTarget, bare: FillTarget, feedPath: string, archive: { file: string; xml: string }, fillItems: number): Promise<void> {
  const url = `${ours.url}${feedPath}`;
  const loadBefore = loadavg()[0] ?? 0;
  const idleBefore = await windows(url, IDLE_WINDOWS);
  const bareIdle = await windows(`${bare.url}${feedPath}`, 2);
  writeFileSync(archive.file, archive.xml);
  const pass = startPass(ours.child);
  const probe = process.env.WIREDESK_BENCH_TRACE === undefined ? null : startProbe(url, `${process.env.WIREDESK_BENCH_TRACE}.probe`);
  const during: WrkResult[] = [];
  while (!pass.over() && during.length < MAX_WINDOWS) during.push(await wrk(url, 3, [], true));
  probe?.stop();
  const report = await pass.report;
  const idleAfter = await windows(url, IDLE_WINDOWS);
  const afterMaxMs = await pass.afterMaxMs;
  const idle = [...idleBefore, ...idleAfter];
  const p99s = (ws: WrkResult[]) => ws.map((w) => w.p99Ms);
  const idleP99 = median(p99s(idle));
  const worst = Math.max(...p99s(during));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`p99 of ${feedPath} under 50 connections (a new wrk every 3 s window), cold fill of ${fillItems} items in the same process (${(report.ingestedMs / 1000).toFixed(1)} s, ${during.length} windows)`);
  out(`  idle, ours: ${list(p99s(idleBefore))} ms before, ${list(p99s(idleAfter))} ms after: median ${idleP99.toFixed(1)} ms, spread ${Math.min(...p99s(idle)).toFixed(0)}–${Math.max(...p99s(idle)).toFixed(0)} ms; bare node:http idle at the same moment: ${list(p99s(bareIdle))} ms`);
  out(`  during the fill, per window (p99 ms/bad): ${during.map((w) => `${w.p99Ms.toFixed(0)}/${w.bad}`).join(' ')}`);
  out(`  during the fill: median window ${median(p99s(during)).toFixed(1)} ms, worst ${worst.toFixed(1)} ms (goal < 50 ms); bad ${during.reduce((s, w) => s + w.bad, 0)}; throughput during/idle ${(median(during.map((w) => w.rps)) / Math.max(1, median(idle.map((w) => w.rps)))).toFixed(2)}`);
  out(`  ratio during/idle (idle = median of ${idle.length} idle windows): worst window ${(worst / Math.max(0.001, idleP99)).toFixed(2)} (goal ≤ 2), median window ${(median(p99s(during)) / Math.max(0.001, idleP99)).toFixed(2)}`);
  out(`  the service's event loop during the fill: delay p50 ${report.loopDelay.p50.toFixed(1)} ms, p99 ${report.loopDelay.p99.toFixed(1)} ms, longest hold ${report.loopDelay.max.toFixed(0)} ms; in the 3 s after the pass, longest ${afterMaxMs.toFixed(0)} ms`);
  out(`  machine: load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after; ${describePinning()}`);
}

/** The same cold fill with no client at all: what the service's slicing costs a fill nobody reads meanwhile. */
export async function fillWithoutReaders(ours: FillTarget, archive: { file: string; xml: string }, fillItems: number): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  writeFileSync(archive.file, archive.xml);
  const report = await startPass(ours.child).report;
  process.stdout.write(`cold fill of ${fillItems} items in the service, no readers: ${(report.ingestedMs / 1000).toFixed(2)} s; event loop longest hold ${report.loopDelay.max.toFixed(0)} ms; `
    + `load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after\n`);
}

async function windows(url: string, count: number): Promise<WrkResult[]> {
  const results: WrkResult[] = [];
  for (let i = 0; i < count; i += 1) results.push(await wrk(url, 3, [], true));
  return results;
}

function list(values: number[]): string {
  return values.map((v) => v.toFixed(0)).join(' ');
}

/** Asks the service for one pass: its report when it ends, and the longest loop hold in the 3 s after. */
function startPass(child: ChildProcess): { over(): boolean; report: Promise<PassReport>; afterMaxMs: Promise<number> } {
  let over = false;
  const report = new Promise<PassReport>((resolve) => {
    const listener = (reply: Partial<PassReport>) => {
      if (reply.ingestedMs === undefined || reply.loopDelay === undefined) return;
      child.off('message', listener);
      over = true;
      resolve({ ingestedMs: reply.ingestedMs, loopDelay: reply.loopDelay });
    };
    child.on('message', listener);
  });
  const afterMaxMs = new Promise<number>((resolve) => {
    const listener = (reply: { afterMaxMs?: number }) => {
      if (reply.afterMaxMs === undefined) return;
      child.off('message', listener);
      resolve(reply.afterMaxMs);
    };
    child.on('message', listener);
  });
  child.send('ingest');
  return { over: () => over, report, afterMaxMs };
}

/** One request at a time on one keep-alive socket, every 20 ms: each one's send time and latency, to line up with the service's trace. */
function startProbe(url: string, file: string): { stop(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const fd = openSync(file, 'w');
  let stopped = false;
  const once = (): void => {
    if (stopped) return;
    const t = Date.now();
    const t0 = performance.now();
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        writeSync(fd, `${JSON.stringify({ t, ms: Math.round(performance.now() - t0) })}\n`);
        setTimeout(once, 20);
      });
    }).on('error', () => setTimeout(once, 20));
  };
  once();
  return {
    stop: () => {
      stopped = true;
      agent.destroy();
    },
  };
}
