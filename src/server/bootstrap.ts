// What a fresh cluster has before anyone asks: the built-in namespaces.
import { StatusError } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { BUILT_IN_NAMESPACES } from '../resources/namespace/schema.js';

const MANAGER = 'kube-apiserver';

export async function ensureBuiltInNamespaces(registry: ApiRegistry): Promise<void> {
  const namespaces = registry.kind('', 'Namespace').store;
  for (const name of BUILT_IN_NAMESPACES) {
    try {
      await namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { dryRun: false, fieldManager: MANAGER });
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === 'AlreadyExists')) throw e;
    }
  }
}
