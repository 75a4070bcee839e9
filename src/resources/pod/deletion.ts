// Graceful pod deletion (the pod strategy's CheckGracefulDelete and rest.BeforeDelete): a bound,
// unfinished pod is marked with deletionTimestamp = now + grace and deletionGracePeriodSeconds =
// grace, and stays until its node agent (or a forced delete) removes it with a grace of 0.
import { formatTime } from '../../machinery/object.js';
import type { Pod } from './schema.js';

/**
 * Marks `pod` for deletion; returns true while the pod must stay (a grace period is running).
 * `requestedGrace` is DeleteOptions.gracePeriodSeconds.
 */
export function preparePodForDelete(pod: Pod, now: string, requestedGrace: number | undefined): boolean {
  const meta = pod.metadata;
  if (meta.deletionTimestamp) {
    const current = meta.deletionGracePeriodSeconds ?? 0;
    if (current === 0) return false;
    // Only a shorter grace period may be given once deletion started.
    if (requestedGrace === undefined || requestedGrace >= current) return true;
    const started = Date.parse(meta.deletionTimestamp) - current * 1000;
    meta.deletionTimestamp = formatTime(new Date(started + requestedGrace * 1000));
    meta.deletionGracePeriodSeconds = requestedGrace;
    return requestedGrace > 0;
  }
  const grace = podGracePeriod(pod, requestedGrace);
  meta.deletionTimestamp = formatTime(new Date(Date.parse(now) + grace * 1000));
  meta.deletionGracePeriodSeconds = grace;
  return grace > 0;
}

/** CheckGracefulDelete: the request's grace, else the pod's; 0 for unbound or finished pods. */
export function podGracePeriod(pod: Pod, requestedGrace: number | undefined): number {
  let grace = requestedGrace ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
  if (!pod.spec?.nodeName) grace = 0;
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') grace = 0;
  return grace < 0 ? 1 : grace;
}

/** A pod whose grace period runs is still held (updates must not complete its deletion). */
export const podGraceRunning = (pod: Pod) => !!pod.metadata.deletionTimestamp && (pod.metadata.deletionGracePeriodSeconds ?? 0) > 0;
