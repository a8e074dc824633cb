/**
 * The fixed cost of a `wiredesk ingest` process: a 1-item feed into a fresh store, whole
 * processes, beside the baseline of ingest-baseline.ts on the same feed (the ingest bench's
 * harness: medians of 3, alternated, in one run). What a cron run of a few small feeds mostly
 * pays: loading the modules in each thread, the config, opening (and migrating) the store.
 */
import { compareIngest } from './ingest.js';

/** The goal: ≤ 0.6 s where the baseline takes 0.38 s on a quiet machine. */
const GOAL_RATIO = 0.6 / 0.38;

export async function run(): Promise<void> {
  const { baseline: b, wiredesk: w } = await compareIngest(1);
  process.stdout.write(`startup wiredesk/baseline wall: ${(w.wallMs / b.wallMs).toFixed(2)}× (goal ≤ ${GOAL_RATIO.toFixed(1)}×)  CPU: ${(w.cpuMs / b.cpuMs).toFixed(2)}×\n`);
}
