/**
 * Politeness and back-pressure for the fetch stage: at most `perHost` requests in flight to one
 * host (FIFO), an optional gap between request starts to one host, and optionally a total cap.
 */

export interface Limiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Takes a place (in turn) and keeps it until the returned function is called. */
  hold(): Promise<() => void>;
  /** Tasks running now (for metrics and tests). */
  readonly active: number;
  readonly pending: number;
}

export interface HostLimiterOptions {
  perHost: number;
  /** Minimum milliseconds between two request starts to the same host. */
  minDelayMs?: number;
  /** Total concurrency across hosts; a host slot is taken first so one slow host cannot hog it. */
  total?: number;
}

export interface HostLimiter {
  run<T>(url: string, fn: () => Promise<T>): Promise<T>;
  activeFor(url: string): number;
}

interface Lane {
  active: number;
  queue: Array<() => void>;
  lastStart: number;
  timer: NodeJS.Timeout | null;
}

/** A plain FIFO semaphore. */
export function createLimiter(n: number): Limiter {
  const lane: Lane = { active: 0, queue: [], lastStart: 0, timer: null };
  const run = <T>(fn: () => Promise<T>): Promise<T> => runInLane(lane, requirePositive(n, 'createLimiter'), 0, fn);
  return {
    run,
    hold: () => new Promise((resolve) => void run(() => new Promise<void>((done) => resolve(() => done())))),
    get active() {
      return lane.active;
    },
    get pending() {
      return lane.queue.length;
    },
  };
}

export function createHostLimiter(options: HostLimiterOptions): HostLimiter {
  const perHost = requirePositive(options.perHost, 'perHost');
  const minDelayMs = options.minDelayMs ?? 0;
  const total = options.total === undefined ? null : createLimiter(options.total);
  const lanes = new Map<string, Lane>();
  const laneFor = (key: string): Lane => {
    let lane = lanes.get(key);
    if (lane === undefined) {
      lane = { active: 0, queue: [], lastStart: 0, timer: null };
      lanes.set(key, lane);
    }
    return lane;
  };
  return {
    run: (url, fn) => {
      const key = hostKey(url);
      const lane = laneFor(key);
      const task = total === null ? fn : () => total.run(fn);
      return runInLane(lane, perHost, minDelayMs, task, () => {
        // An idle lane is dropped unless its start gap still has to be enforced.
        if (Date.now() - lane.lastStart >= minDelayMs) lanes.delete(key);
      });
    },
    activeFor: (url) => lanes.get(hostKey(url))?.active ?? 0,
  };
}

function runInLane<T>(
  lane: Lane,
  limit: number,
  minDelayMs: number,
  fn: () => Promise<T>,
  onIdle?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    lane.queue.push(() => {
      // fn() may throw synchronously; the promise chain turns that into a rejection too.
      Promise.resolve()
        .then(fn)
        .then(resolve, reject)
        .finally(() => {
          lane.active -= 1;
          pump(lane, limit, minDelayMs);
          if (isIdle(lane)) onIdle?.();
        });
    });
    pump(lane, limit, minDelayMs);
  });
}

function pump(lane: Lane, limit: number, minDelayMs: number): void {
  while (lane.timer === null && lane.active < limit && lane.queue.length > 0) {
    const wait = lane.lastStart + minDelayMs - Date.now();
    if (minDelayMs > 0 && wait > 0) {
      lane.timer = setTimeout(() => {
        lane.timer = null;
        pump(lane, limit, minDelayMs);
      }, wait);
      return;
    }
    const start = lane.queue.shift();
    if (start === undefined) return;
    lane.active += 1;
    lane.lastStart = Date.now();
    start();
  }
}

function isIdle(lane: Lane): boolean {
  return lane.active === 0 && lane.queue.length === 0 && lane.timer === null;
}

/** Host plus port; anything that is not a URL with a host (file:, garbage) shares one lane. */
function hostKey(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? parsed.protocol : parsed.host.toLowerCase();
  } catch {
    return '(invalid)';
  }
}

function requirePositive(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`fetch: ${name} must be a positive integer, got ${n}`);
  return n;
}
