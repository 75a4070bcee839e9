// The objects token validation and issuance look up, read through the registry's stores
// (Kubernetes' ServiceAccountTokenGetter). Kinds Arca does not serve (yet) are simply not found.
import type { KubeObject } from '../machinery/object.js';
import { errors } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';

export interface ObjectLookups {
  /** Each throws the store's NotFound StatusError when the object does not exist. */
  serviceAccount(namespace: string, name: string): Promise<KubeObject>;
  secret(namespace: string, name: string): Promise<KubeObject>;
  pod(namespace: string, name: string): Promise<KubeObject>;
  node(name: string): Promise<KubeObject>;
}

/** Lookups against a registry; `registry` is a getter so handlers can be built before it exists. */
export function registryLookups(registry: () => ApiRegistry): ObjectLookups {
  const get = (plural: string, namespace: string | undefined, name: string) => {
    const served = registry().lookup('', 'v1', plural);
    if (!served) return Promise.reject(errors.notFound({ group: '', resource: plural }, name));
    return served.store.get(namespace, name);
  };
  return {
    serviceAccount: (namespace, name) => get('serviceaccounts', namespace, name),
    secret: (namespace, name) => get('secrets', namespace, name),
    pod: (namespace, name) => get('pods', namespace, name),
    node: (name) => get('nodes', undefined, name),
  };
}
