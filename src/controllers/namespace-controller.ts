// Namespace deletion, as kube-controller-manager's namespace controller does it: once a namespace
// is Terminating, delete everything in it, then remove the `kubernetes` finalizer (via /finalize),
// which removes the namespace.
import { unlessNotFound } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { FINALIZER_KUBERNETES, type Namespace } from '../resources/namespace/schema.js';
import { inform, WorkQueue, type Informer } from './informer.js';

const CONTROLLER_MANAGER = 'kube-controller-manager';

export function startNamespaceController(registry: ApiRegistry, log: (m: string) => void): Informer {
  const namespaces = registry.kind('', 'Namespace');
  const queue = new WorkQueue(async (name) => finalizeNamespace(registry, name), (name, err) => log(`namespace controller: ${name}: ${String(err)}`));
  return inform(namespaces, {}, (type, obj) => {
    if (type !== 'DELETED' && obj.metadata.deletionTimestamp) queue.add(obj.metadata.name!);
  }, (err) => log(`namespace controller: ${String(err)}`));
}

async function finalizeNamespace(registry: ApiRegistry, name: string): Promise<void> {
  const namespaces = registry.kind('', 'Namespace');
  const ns = await unlessNotFound(() => namespaces.store.get(undefined, name));
  if (!ns?.metadata.deletionTimestamp) return;
  for (const served of registry.all()) {
    if (!served.def.namespaced || !served.def.verbs.includes('deletecollection')) continue;
    await served.store.deleteCollection(name, {}, { dryRun: false });
  }
  for (const served of registry.all()) {
    if (!served.def.namespaced) continue;
    const left = await served.store.list(name, { limit: 1 });
    if (left.items.length) throw new Error(`Some resources are remaining: ${served.def.plural}.${served.def.group} has ${left.items.length} resource instances`);
  }
  const spec = (ns as Namespace).spec ?? {};
  const finalizers = (spec.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES);
  const finalize = namespaces.def.subresources.find((s) => s.name === 'finalize');
  await namespaces.store.update(undefined, name, { ...ns, spec: { ...spec, finalizers } }, { dryRun: false, fieldManager: CONTROLLER_MANAGER }, finalize);
}
