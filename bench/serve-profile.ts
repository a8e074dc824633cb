/**
 * The serve bench's CPU profile of the service's main thread during the fill
 * (`WIREDESK_BENCH_TRACE=FILE` writes FILE.cpuprofile and FILE.holds): the longest runs of busy
 * samples (what held the event loop) with the functions that took most of each, by self time and
 * by the deepest wiredesk frame on the stack (where in our code the hold was).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }
export interface Hold { atMs: number; ms: number; self: [string, number][]; ours: [string, number][] }

const IDLE = new Set(['(idle)', '(root)']);

/** Starts sampling the main thread every 250 µs; the returned stop writes the profile and its holds. */
export function startProfile(file: string): () => Promise<void> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result)));
  });
  const started = post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 250 })).then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    writeFileSync(`${file}.cpuprofile`, JSON.stringify(profile));
    writeFileSync(`${file}.holds`, `${longestHolds(profile, 15).map(describeHold).join('\n')}\n`);
  };
}

/** The `count` longest runs of non-idle samples. */
export function longestHolds(profile: Profile, count: number): Hold[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const runs: { start: number; end: number; from: number; to: number }[] = [];
  let t = profile.startTime;
  let open: { start: number; from: number } | null = null;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const idle = IDLE.has(byId.get(id)?.callFrame.functionName ?? '(idle)');
    if (!idle && open === null) open = { start: t, from: i };
    if (idle && open !== null) {
      runs.push({ start: open.start, end: t, from: open.from, to: i });
      open = null;
    }
  });
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '')}:${n.callFrame.lineNumber + 1}`;
  const oursOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (n && /\/dist(-bench)?\/src\//.test(n.callFrame.url)) return label(n);
    }
    return '(outside wiredesk)';
  };
  return runs.sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, count).map((run) => {
    const self = new Map<string, number>();
    const ours = new Map<string, number>();
    for (let i = run.from; i < run.to; i += 1) {
      const id = profile.samples[i] ?? 0;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const node = byId.get(id);
      if (node) self.set(label(node), (self.get(label(node)) ?? 0) + dt);
      ours.set(oursOf(id), (ours.get(oursOf(id)) ?? 0) + dt);
    }
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 6);
    return { atMs: (run.start - profile.startTime) / 1000, ms: (run.end - run.start) / 1000, self: top(self), ours: top(ours) };
  });
}

function describeHold(h: Hold): string {
  const list = (xs: [string, number][]) => xs.map(([name, ms]) => `    ${ms.toFixed(1).padStart(6)} ms  ${name}`).join('\n');
  return `hold ${h.ms.toFixed(1)} ms at +${h.atMs.toFixed(0)} ms\n  self:\n${list(h.self)}\n  deepest wiredesk frame:\n${list(h.ours)}`;
}
