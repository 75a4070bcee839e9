// Storage keys: /registry/<group-qualified plural>/[<namespace>/]<name>, as kube-apiserver lays out etcd,
// so lists come back ordered by namespace, then name.
import type { ResourceDefinition } from '../resources/types.js';

export function resourcePrefix(def: ResourceDefinition<any>): string {
  return def.group ? `/registry/${def.group}/${def.plural}/` : `/registry/${def.plural}/`;
}

export function objectKey(def: ResourceDefinition<any>, namespace: string | undefined, name: string): string {
  return def.namespaced ? `${resourcePrefix(def)}${namespace}/${name}` : `${resourcePrefix(def)}${name}`;
}

/** The prefix a list reads: one namespace, or every namespace when none is given. */
export function listPrefix(def: ResourceDefinition<any>, namespace: string | undefined): string {
  return def.namespaced && namespace ? `${resourcePrefix(def)}${namespace}/` : resourcePrefix(def);
}
