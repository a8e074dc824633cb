/**
 * One AbortSignal for a whole fetch (connect, every redirect hop, headers and body), so a server
 * that trickles bytes cannot hold a worker longer than the configured timeout.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True when our own timer fired (as opposed to the caller aborting). */
  readonly timedOut: boolean;
  /** The caller's abort reason when the caller aborted, else undefined. */
  readonly callerReason: unknown;
  readonly callerAborted: boolean;
  clear(): void;
}

export function createDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let callerAborted = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = (): void => {
    callerAborted = true;
    controller.abort(outer?.reason);
  };
  if (outer?.aborted === true) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get callerAborted() {
      return callerAborted;
    },
    get callerReason() {
      return callerAborted ? outer?.reason : undefined;
    },
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
