// Events about pods, written through the API as the kubelet's recorder does: source component
// `kubelet` on this node, a new Event `<pod>.<hex nanos>` the first time, and the same Event with
// its count bumped when an identical one (same object, reason, message) repeats.
import type { ApiClient } from './api-client.js';

export interface PodReference { namespace: string; name: string; uid: string }

export interface EventRecorder {
  record(pod: PodReference, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void;
  /** Resolves once every event recorded so far has been written. */
  flush(): Promise<void>;
}

export function createEventRecorder(client: ApiClient, nodeName: string, log: (m: string) => void): EventRecorder {
  const recorded = new Map<string, { name: string; count: number }>();
  let queue: Promise<void> = Promise.resolve();

  async function write(pod: PodReference, type: string, reason: string, message: string, fieldPath?: string): Promise<void> {
    const key = JSON.stringify([pod.uid, fieldPath ?? '', type, reason, message]);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const path = `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/events`;
    const seen = recorded.get(key);
    if (seen) {
      seen.count++;
      try {
        await client.request('PATCH', `${path}/${seen.name}`, {
          body: { count: seen.count, lastTimestamp: now }, contentType: 'application/merge-patch+json',
        });
        return;
      } catch { recorded.delete(key); /* gone: record afresh */ }
    }
    const name = `${pod.name}.${(BigInt(Date.now()) * 1_000_000n + BigInt(recorded.size)).toString(16)}`;
    await client.request('POST', path, {
      body: {
        apiVersion: 'v1', kind: 'Event',
        metadata: { name, namespace: pod.namespace },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid, ...(fieldPath ? { fieldPath } : {}) },
        reason, message, type,
        source: { component: 'kubelet', host: nodeName },
        firstTimestamp: now, lastTimestamp: now, count: 1,
        reportingComponent: 'kubelet', reportingInstance: nodeName,
      },
    });
    recorded.set(key, { name, count: 1 });
  }

  return {
    record(pod, type, reason, message, fieldPath) {
      queue = queue.then(() => write(pod, type, reason, message, fieldPath))
        .catch((e) => log(`arca agent: recording event ${reason} for pod ${pod.namespace}/${pod.name}: ${(e as Error).message}`));
    },
    flush: () => queue,
  };
}
