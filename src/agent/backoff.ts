// The kubelet's crash-loop back-off (flowcontrol.Backoff, 10 s initial, 5 min cap, keyed by
// container): the first exit restarts at once and arms the back-off; each later exit waits the
// current delay, which doubles at every restart; an entry untouched for twice the cap starts over.
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const KUBELET_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000 };

export interface BackoffEntry {
  delayMs: number;
  /** When the entry was last advanced (epoch ms). */
  lastUpdate: number;
}

/** After a container exited at `exitAt`: how long to wait before restarting it, and the entry after that restart. */
export function backoffAfterExit(policy: BackoffPolicy, entry: BackoffEntry | undefined, exitAt: number):
  { waitMs: number; entry: BackoffEntry } {
  if (entry === undefined || exitAt - entry.lastUpdate > 2 * policy.maxMs) {
    return { waitMs: 0, entry: { delayMs: policy.initialMs, lastUpdate: exitAt } };
  }
  return { waitMs: entry.delayMs, entry: { delayMs: Math.min(entry.delayMs * 2, policy.maxMs), lastUpdate: exitAt + entry.delayMs } };
}

/** Go's time.Duration String for whole seconds and minutes (`10s`, `1m20s`, `5m0s`). */
export function formatBackoff(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (ms < 1000) return `${ms}ms`;
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
