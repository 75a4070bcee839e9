// The RBAC objects as the authorizer reads them: kept in memory, filled by a first list and
// refreshed by watches (like kube-apiserver's RBAC informers), so no request reads storage.
import { inform, type Informer } from '../../controllers/informer.js';
import type { KubeObject } from '../../machinery/object.js';
import type { ApiRegistry } from '../../registry/api-registry.js';
import type { RbacObjects } from './rule-resolver.js';
import { RBAC_GROUP, type BindingObject, type ClusterRoleObject, type RoleObject } from './types.js';

type Kind = 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
const KINDS: Kind[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;

export interface RbacInformerCache extends RbacObjects {
  stop(): void;
}

export async function startRbacInformerCache(registry: ApiRegistry, log: (m: string) => void): Promise<RbacInformerCache> {
  const maps = new Map<Kind, Map<string, KubeObject>>(KINDS.map((k) => [k, new Map()]));
  const informers: Informer[] = [];
  for (const kind of KINDS) {
    const served = registry.kind(RBAC_GROUP, kind);
    const map = maps.get(kind)!;
    // A first list, so the cache is complete before the server answers its first request.
    for (const obj of (await served.store.list(undefined, {})).items) map.set(keyOf(obj), obj);
    informers.push(inform(served, {}, (type, obj) => {
      if (type === 'DELETED') map.delete(keyOf(obj));
      else map.set(keyOf(obj), obj);
    }, (err) => log(`rbac informer ${kind}: ${String(err)}`)));
  }
  const all = (kind: Kind) => [...maps.get(kind)!.values()];
  return {
    getRole: (namespace, name) => maps.get('Role')!.get(`${namespace}/${name}`) as RoleObject | undefined,
    getClusterRole: (name) => maps.get('ClusterRole')!.get(`/${name}`) as ClusterRoleObject | undefined,
    clusterRoleBindings: () => all('ClusterRoleBinding') as BindingObject[],
    roleBindings: (namespace) => (all('RoleBinding') as BindingObject[]).filter((b) => b.metadata.namespace === namespace),
    stop: () => { for (const i of informers) i.stop(); },
  };
}
