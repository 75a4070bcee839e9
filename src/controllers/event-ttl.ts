// Events expire, as kube-apiserver's --event-ttl (default 1 hour) makes them: every minute,
// delete events whose last occurrence is older than the TTL.
import type { KubeObject } from '../machinery/object.js';
import { StatusError } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';

export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;

/** When an event last happened: lastTimestamp, else eventTime, else creation. */
export function lastOccurrence(event: KubeObject): number {
  const e = event as { lastTimestamp?: string | null; eventTime?: string | null };
  const when = e.lastTimestamp || e.eventTime || event.metadata.creationTimestamp;
  return when ? Date.parse(when) : 0;
}

export async function deleteExpiredEvents(registry: ApiRegistry, ttlMs: number, now: Date): Promise<number> {
  const events = registry.kind('', 'Event').store;
  const list = await events.list(undefined, {});
  let deleted = 0;
  for (const event of list.items) {
    if (now.getTime() - lastOccurrence(event) < ttlMs) continue;
    try {
      await events.delete(event.metadata.namespace, event.metadata.name!, { dryRun: false, preconditions: { uid: event.metadata.uid } });
      deleted++;
    } catch (e) {
      if (!(e instanceof StatusError && (e.reason === 'NotFound' || e.reason === 'Conflict'))) throw e;
    }
  }
  return deleted;
}

export function startEventTtl(registry: ApiRegistry, opts: { ttlMs?: number; intervalMs?: number }, log: (m: string) => void): { stop(): void } {
  const ttl = opts.ttlMs ?? DEFAULT_EVENT_TTL_MS;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deleteExpiredEvents(registry, ttl, new Date())
      .catch((e) => log(`event ttl: ${String(e)}`))
      .finally(() => { running = false; });
  }, opts.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
