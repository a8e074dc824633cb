/**
 * Where a process's memory is at its peak: loaded with `--import` into the ingest-memory child, so
 * every parse thread loads it too (workers inherit execArgv). Each thread posts its V8 heap every
 * 100 ms; the main thread samples its own and keeps the sample taken at the highest RSS.
 */
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';

const CHANNEL = 'wiredesk-bench-memory';
const EVERY_MS = 100;
const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

export interface ThreadHeap {
  used: number;
  total: number;
}

export interface PeakSample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** ArrayBuffers and Buffers of the main thread (malloc'd, outside the V8 heap). */
  arrayBuffers: number;
  threads: ThreadHeap[];
}

let peak: PeakSample | null = null;

function sampleThreads(): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  setInterval(() => {
    const heap = getHeapStatistics();
    channel.postMessage({ id: threadId, used: mb(heap.used_heap_size), total: mb(heap.total_heap_size) });
  }, EVERY_MS).unref();
}

function sampleMain(): void {
  const threads = new Map<number, ThreadHeap>();
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  channel.onmessage = (event) => {
    const { id, used, total } = (event as { data: { id: number } & ThreadHeap }).data;
    threads.set(id, { used, total });
  };
  setInterval(() => {
    const m = process.memoryUsage();
    if (peak !== null && mb(m.rss) <= peak.rss) return;
    peak = { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), arrayBuffers: mb(m.arrayBuffers), threads: [...threads.values()] };
  }, EVERY_MS).unref();
}

if (isMainThread) sampleMain();
else sampleThreads();

/** The sample taken at the highest RSS so far (null before the first). */
export function peakSample(): PeakSample | null {
  return peak;
}
