/**
 * Lease holders are named `host:pid:nonce`. A holder killed with -9 never releases its lease; on
 * the same host we can tell it is dead (no such pid) and take over at once instead of waiting for
 * the expiry. Holders on other hosts are only ever released by expiry.
 */
import { hostname } from 'node:os';

export function leaseHolderName(nonce: string): string {
  return `${hostname()}:${process.pid}:${nonce}`;
}

/** True when holder names a process on this host that no longer exists. */
export function isDeadLocalHolder(holder: string): boolean {
  const parts = holder.split(':');
  const pid = Number(parts.at(-2));
  const host = parts.slice(0, -2).join(':');
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
