// In-memory RBAC objects for authorizer and escalation tests.
import type { RbacObjects } from '../../../../src/auth/rbac/rule-resolver.js';
import type { BindingObject, ClusterRoleObject, PolicyRule, RoleObject, Subject } from '../../../../src/auth/rbac/types.js';

export function role(namespace: string, name: string, rules: PolicyRule[]): RoleObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { namespace, name }, rules };
}

export function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRoleObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, rules };
}

export function binding(namespace: string | undefined, name: string, ref: { kind: string; name: string }, subjects: Subject[]): BindingObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: { namespace, name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...ref }, subjects,
  };
}

export const user = (name: string): Subject => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
export const group = (name: string): Subject => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });

export function objects(items: { roles?: RoleObject[]; clusterRoles?: ClusterRoleObject[]; bindings?: BindingObject[] }): RbacObjects {
  const bindings = items.bindings ?? [];
  return {
    getRole: (ns, name) => items.roles?.find((r) => r.metadata.namespace === ns && r.metadata.name === name),
    getClusterRole: (name) => items.clusterRoles?.find((r) => r.metadata.name === name),
    clusterRoleBindings: () => bindings.filter((b) => !b.metadata.namespace),
    roleBindings: (ns) => bindings.filter((b) => b.metadata.namespace === ns),
  };
}
