// The revision rules every backend applies before reading history.
import { storageErrors } from './storage-errors.js';

/**
 * The revision a read asked for as `requested` (0 or absent: the current one) resolves to.
 * Revisions before the compacted one are gone (Compacted); the compacted revision itself stays
 * readable; revisions not yet written are FutureRevision.
 */
export function resolveReadRevision(
  key: string,
  requested: number | undefined,
  currentRevision: number,
  compactedRevision: number,
): number {
  if (!requested) return currentRevision;
  if (requested > currentRevision) throw storageErrors.futureRevision(key, requested, currentRevision);
  if (requested < compactedRevision) throw storageErrors.compacted(key, requested, compactedRevision);
  return requested;
}

/** A watch replays events after `fromRevision`; that history must not be compacted away. */
export function checkWatchStart(prefix: string, fromRevision: number, compactedRevision: number): void {
  if (fromRevision < compactedRevision) throw storageErrors.compacted(prefix, fromRevision, compactedRevision);
}
