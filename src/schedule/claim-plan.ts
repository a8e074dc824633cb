/**
 * Which due sources one claim round may take, given each host's shared state (read from its
 * locked row): at most `perHost` claims in flight per host across all processes, and with a
 * per-host delay at most one new claim per host per round, spaced by that delay. Pure.
 */

export interface ClaimCandidate {
  id: string;
  /** Host of the source's URL; null (file: URLs) is never limited. */
  host: string | null;
}

export interface HostState {
  host: string;
  inFlight: number;
  /** Epoch ms before which no new request may start on this host. */
  nextAllowedAt: number;
}

export interface ClaimLimits {
  perHost: number;
  perHostDelayMs: number;
  limit: number;
}

export interface ClaimPick {
  ids: string[];
  /** Per host: claims taken this round and the new next-allowed time. */
  hosts: Array<{ host: string; taken: number; nextAllowedAt: number }>;
}

/** Picks candidates in order; a host missing from `hosts` (its row locked by another claimer) is skipped. */
export function pickClaims(candidates: ClaimCandidate[], hosts: Map<string, HostState>, limits: ClaimLimits, nowMs: number): ClaimPick {
  const ids: string[] = [];
  const taken = new Map<string, number>();
  for (const candidate of candidates) {
    if (ids.length >= limits.limit) break;
    if (candidate.host === null) {
      ids.push(candidate.id);
      continue;
    }
    const state = hosts.get(candidate.host);
    if (!state || state.nextAllowedAt > nowMs) continue;
    const already = taken.get(candidate.host) ?? 0;
    const room = limits.perHostDelayMs > 0 ? Math.min(1, limits.perHost - state.inFlight) : limits.perHost - state.inFlight;
    if (already >= room) continue;
    taken.set(candidate.host, already + 1);
    ids.push(candidate.id);
  }
  return {
    ids,
    hosts: [...taken].map(([host, n]) => ({
      host, taken: n,
      nextAllowedAt: limits.perHostDelayMs > 0 ? nowMs + limits.perHostDelayMs : (hosts.get(host)?.nextAllowedAt ?? 0),
    })),
  };
}
