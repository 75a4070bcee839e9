// A trivial default-scheduler: every pod of schedulerName default-scheduler without a node is
// bound (pods/binding) to a Ready, schedulable node, round-robin; without one the pod stays
// Pending with a FailedScheduling event worded as kube-scheduler words it.
import type { KubeObject } from '../machinery/object.js';
import { StatusError } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { recordEvent } from '../resources/event/record.js';
import { isNodeReady, type Node } from '../resources/node/schema.js';
import { bindPod } from '../resources/pod/binding.js';
import { DEFAULT_SCHEDULER, type Pod } from '../resources/pod/schema.js';
import { inform, WorkQueue, type Informer } from './informer.js';

const COMPONENT = DEFAULT_SCHEDULER;
const RETRY_UNSCHEDULABLE_MS = 1000;
const SCHEDULER_USER = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };

/** FitError's text for nodes that all fail (not Ready, or cordoned). */
export function failedSchedulingMessage(nodes: Node[]): string {
  if (nodes.length === 0) return 'no nodes available to schedule pods';
  const reasons = new Map<string, number>();
  for (const node of nodes) {
    const reason = node.spec?.unschedulable ? 'node(s) were unschedulable'
      : 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const histogram = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort().join(', ');
  const n = nodes.length;
  return `0/${n} nodes are available: ${histogram}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
}

export function startScheduler(registry: ApiRegistry, log: (m: string) => void): Informer[] {
  const pods = registry.kind('', 'Pod');
  let next = 0;
  const retry = new Set<string>();
  const queue = new WorkQueue(async (key) => {
    const outcome = await schedule(registry, key, () => next++);
    if (outcome === 'unschedulable') {
      retry.add(key);
      setTimeout(() => { if (retry.delete(key)) queue.add(key); }, RETRY_UNSCHEDULABLE_MS);
    } else {
      retry.delete(key);
    }
  }, (key, err) => log(`scheduler: ${key}: ${String(err)}`));
  const podInformer = inform(pods, {}, (type, obj) => {
    if (type !== 'DELETED' && needsScheduling(obj as Pod)) queue.add(`${obj.metadata.namespace}/${obj.metadata.name}`);
  }, (err) => log(`scheduler: ${String(err)}`));
  // A node turning Ready gives waiting pods their chance at once.
  const nodeInformer = inform(registry.kind('', 'Node'), {}, (type, obj) => {
    if (type === 'DELETED' || !isNodeReady(obj as Node)) return;
    for (const key of [...retry]) { retry.delete(key); queue.add(key); }
  }, (err) => log(`scheduler: ${String(err)}`));
  return [podInformer, nodeInformer];
}

function needsScheduling(pod: Pod): boolean {
  return !pod.spec?.nodeName && (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER) === DEFAULT_SCHEDULER
    && !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

async function schedule(registry: ApiRegistry, key: string, turn: () => number): Promise<'bound' | 'unschedulable' | 'skipped'> {
  const [namespace, name] = key.split('/') as [string, string];
  const podStore = registry.kind('', 'Pod').store;
  let pod: Pod;
  try {
    pod = (await podStore.get(namespace, name)) as Pod;
  } catch (e) {
    if (e instanceof StatusError && e.reason === 'NotFound') return 'skipped';
    throw e;
  }
  if (!needsScheduling(pod)) return 'skipped';
  const nodes = (await registry.kind('', 'Node').store.list(undefined, {})).items as Node[];
  const fit = nodes.filter((n) => isNodeReady(n) && !n.spec?.unschedulable);
  const events = registry.kind('', 'Event').store;
  const involvedObject = {
    kind: 'Pod', namespace, name, uid: pod.metadata.uid, apiVersion: 'v1', resourceVersion: pod.metadata.resourceVersion,
  };
  if (fit.length === 0) {
    await recordEvent(events, { namespace, involvedObject, type: 'Warning', reason: 'FailedScheduling', message: failedSchedulingMessage(nodes), component: COMPONENT });
    return 'unschedulable';
  }
  const node = fit[turn() % fit.length]!;
  const nodeName = node.metadata.name!;
  try {
    await bindPod({
      verb: 'create', namespace, name, subresource: 'binding', user: SCHEDULER_USER, query: new URLSearchParams(), dryRun: false,
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid: pod.metadata.uid }, target: { kind: 'Node', name: nodeName } } as KubeObject,
      http: undefined as never, registry,
    });
  } catch (e) {
    if (e instanceof StatusError && (e.reason === 'Conflict' || e.reason === 'NotFound')) return 'skipped';
    throw e;
  }
  await recordEvent(events, {
    namespace, involvedObject: { kind: 'Pod', namespace, name, uid: pod.metadata.uid, apiVersion: 'v1' }, type: 'Normal',
    reason: 'Scheduled', message: `Successfully assigned ${namespace}/${name} to ${nodeName}`, component: COMPONENT,
  });
  return 'bound';
}
