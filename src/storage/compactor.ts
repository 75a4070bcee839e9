// Periodic compaction, as kube-apiserver does it (every 5 minutes by default): each tick
// compacts to the revision seen at the previous tick, so a client always has at least one
// interval of history to resume a watch from. Works on any Store.
import type { Store } from './interface.js';

export interface CompactorOptions {
  intervalMs: number;
  /** Also keep at least this many of the latest revisions (default 0). */
  keepRevisions?: number;
  /** Told about a failed tick; the compactor carries on at the next one. */
  onError?: (err: unknown) => void;
}

/**
 * Where this tick compacts to (undefined: nothing to do): the revision seen one interval ago,
 * held back by `keepRevisions`, and never backwards.
 */
export function compactionTarget(
  seenLastTick: number | undefined,
  currentRevision: number,
  compactedRevision: number,
  keepRevisions: number,
): number | undefined {
  if (seenLastTick === undefined) return undefined;
  const target = Math.min(seenLastTick, currentRevision - keepRevisions);
  return target > compactedRevision ? target : undefined;
}

export function startCompactor(store: Store, opts: CompactorOptions): { stop(): void } {
  const keepRevisions = Math.max(0, opts.keepRevisions ?? 0);
  let seenLastTick: number | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    try {
      const current = await store.currentRevision();
      const target = compactionTarget(seenLastTick, current, await store.compactedRevision(), keepRevisions);
      if (target !== undefined && !stopped) await store.compact(target);
      seenLastTick = current;
    } catch (err) {
      if (!stopped) opts.onError?.(err);
    }
    schedule();
  };

  // One tick at a time: the next is scheduled only when the previous one has finished.
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), opts.intervalMs);
    timer.unref(); // compaction alone must not keep the process alive
  };

  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
