// kube-root-ca.crt in every namespace, holding the cluster CA, repaired when deleted or edited
// (kube-controller-manager's root-ca-cert-publisher).
import type { KubeObject } from '../machinery/object.js';
import { StatusError, unlessNotFound } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { parseFieldSelector } from '../machinery/selectors/field-selector.js';
import { inform, WorkQueue, type Informer } from './informer.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
const MANAGER = 'kube-controller-manager';

export function startRootCaPublisher(registry: ApiRegistry, caPem: string, log: (m: string) => void): Informer[] {
  const namespaces = registry.kind('', 'Namespace');
  const configMaps = registry.kind('', 'ConfigMap');
  const queue = new WorkQueue((ns) => ensureRootCa(registry, ns, caPem), (ns, err) => log(`root-ca publisher: ${ns}: ${String(err)}`));
  const onError = (err: unknown) => log(`root-ca publisher: ${String(err)}`);
  return [
    inform(namespaces, {}, (type, ns) => {
      if (type !== 'DELETED' && !ns.metadata.deletionTimestamp) queue.add(ns.metadata.name!);
    }, onError),
    inform(configMaps, { fields: parseFieldSelector(`metadata.name=${ROOT_CA_CONFIGMAP}`) }, (_type, cm) => {
      queue.add(cm.metadata.namespace!);
    }, onError),
  ];
}

async function ensureRootCa(registry: ApiRegistry, namespace: string, caPem: string): Promise<void> {
  const configMaps = registry.kind('', 'ConfigMap').store;
  const ns = await registry.kind('', 'Namespace').store.get(undefined, namespace).catch(() => undefined);
  if (!ns || ns.metadata.deletionTimestamp) return;
  const desired = { 'ca.crt': caPem };
  const current = await unlessNotFound(() => configMaps.get(namespace, ROOT_CA_CONFIGMAP));
  const body: KubeObject = {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { 'kubernetes.io/description': DESCRIPTION } },
    data: desired,
  };
  if (!current) {
    try {
      await configMaps.create(namespace, body, { dryRun: false, fieldManager: MANAGER });
    } catch (e) {
      if (e instanceof StatusError && (e.reason === 'AlreadyExists' || e.reason === 'Forbidden' || e.reason === 'NotFound')) return;
      throw e;
    }
    return;
  }
  const data = current.data as Record<string, string> | undefined;
  const annotations = current.metadata.annotations ?? {};
  if (data?.['ca.crt'] === caPem && Object.keys(data).length === 1 && annotations['kubernetes.io/description'] === DESCRIPTION) return;
  await configMaps.update(namespace, ROOT_CA_CONFIGMAP, {
    ...current,
    metadata: { ...current.metadata, annotations: { ...annotations, 'kubernetes.io/description': DESCRIPTION } },
    data: desired,
  }, { dryRun: false, fieldManager: MANAGER });
}
