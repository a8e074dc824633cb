/**
 * Parse threads run below the main thread's CPU priority: when the cores are busy, serving and
 * committing come first and the parsing of a backfill waits. Linux sets one thread's nice value
 * through its thread id; elsewhere, or where it is not permitted, nothing changes.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of a parse thread (the main thread keeps the process's). */
export const PARSE_THREAD_NICE = 10;

/** Lowers the calling thread's priority; true when it did. */
export function lowerThisThreadPriority(nice = PARSE_THREAD_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "PID/task/TID": the link is read by the calling thread, so it names this thread.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid === process.pid) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
