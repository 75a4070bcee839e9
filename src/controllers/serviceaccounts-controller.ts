// A `default` ServiceAccount in every active namespace, recreated when deleted
// (kube-controller-manager's serviceaccount controller).
import { parseFieldSelector } from '../machinery/selectors/field-selector.js';
import { StatusError } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { DEFAULT_SERVICE_ACCOUNT } from '../resources/serviceaccount/schema.js';
import { inform, WorkQueue, type Informer } from './informer.js';

const MANAGER = 'kube-controller-manager';

export function startServiceAccountsController(registry: ApiRegistry, log: (m: string) => void): Informer[] {
  const queue = new WorkQueue((ns) => ensureDefaultServiceAccount(registry, ns), (ns, err) => log(`serviceaccount controller: ${ns}: ${String(err)}`));
  const onError = (err: unknown) => log(`serviceaccount controller: ${String(err)}`);
  return [
    inform(registry.kind('', 'Namespace'), {}, (type, ns) => {
      if (type !== 'DELETED' && !ns.metadata.deletionTimestamp) queue.add(ns.metadata.name!);
    }, onError),
    inform(registry.kind('', 'ServiceAccount'), { fields: parseFieldSelector(`metadata.name=${DEFAULT_SERVICE_ACCOUNT}`) }, (type, sa) => {
      if (type === 'DELETED') queue.add(sa.metadata.namespace!);
    }, onError),
  ];
}

async function ensureDefaultServiceAccount(registry: ApiRegistry, namespace: string): Promise<void> {
  const ns = await registry.kind('', 'Namespace').store.get(undefined, namespace).catch(() => undefined);
  if (!ns || ns.metadata.deletionTimestamp) return;
  const serviceAccounts = registry.kind('', 'ServiceAccount').store;
  try {
    await serviceAccounts.get(namespace, DEFAULT_SERVICE_ACCOUNT);
    return;
  } catch (e) {
    if (!(e instanceof StatusError && e.reason === 'NotFound')) throw e;
  }
  try {
    await serviceAccounts.create(namespace, {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace },
    }, { dryRun: false, fieldManager: MANAGER });
  } catch (e) {
    // Created meanwhile, or the namespace started terminating or went away.
    if (e instanceof StatusError && ['AlreadyExists', 'Forbidden', 'NotFound'].includes(e.reason)) return;
    throw e;
  }
}
