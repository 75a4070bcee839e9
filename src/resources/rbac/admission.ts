// Escalation prevention on RBAC writes, as the policy-based storage of pkg/registry/rbac does it
// before the usual create/update: writes by system:masters, by internal callers (no user) or
// that only touch garbage-collection fields pass; otherwise the writer must hold `escalate`
// (roles) or `bind` (bindings), or already hold every rule being granted.
import { activeRbacPolicy } from '../../auth/rbac/active-policy.js';
import {
  bindAuthorized, escalateAuthorized, escalationError, escalationForbidden, FULL_AUTHORITY, isPrivileged,
} from '../../auth/rbac/escalation.js';
import { RBAC_GROUP, type BindingObject, type ClusterRoleObject, type PolicyRule, type RoleObject } from '../../auth/rbac/types.js';
import type { UserInfo } from '../../auth/user.js';
import type { KubeObject } from '../../machinery/object.js';
import type { AdmissionRequest } from '../types.js';

/** Metadata a garbage collector changes, and what the server itself sets. */
const GC_AND_SERVER_FIELDS = ['ownerReferences', 'finalizers', 'managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid'];

function withoutGcFields(obj: KubeObject): unknown {
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const f of GC_AND_SERVER_FIELDS) delete metadata[f];
  return { ...obj, metadata };
}

/** IsOnlyMutatingGCFields: an update that changes nothing but owner references and finalizers. */
export function onlyMutatesGcFields(obj: KubeObject, old: KubeObject): boolean {
  return JSON.stringify(withoutGcFields(obj)) === JSON.stringify(withoutGcFields(old));
}

function exempt(request: AdmissionRequest<KubeObject>): UserInfo | undefined {
  const { user, obj, old } = request;
  if (!user || isPrivileged(user)) return undefined;
  if (old && onlyMutatesGcFields(obj, old)) return undefined;
  return activeRbacPolicy() ? user : undefined;
}

export function admitRole(resource: 'roles' | 'clusterroles') {
  return async (request: AdmissionRequest<RoleObject>): Promise<void> => {
    const user = exempt(request);
    if (!user) return;
    const policy = activeRbacPolicy()!;
    const role = request.obj as ClusterRoleObject;
    const name = role.metadata.name ?? '';
    const namespace = request.namespace ?? '';
    if (escalateAuthorized(policy.authorize, user, resource, name, namespace)) return;
    const missing = escalationError(policy.objects, user, namespace, role.rules ?? []);
    if (missing) throw escalationForbidden(resource, name, missing);
    // An aggregationRule can gather anything, so setting one takes every permission.
    if (resource === 'clusterroles' && role.aggregationRule && escalationError(policy.objects, user, '', FULL_AUTHORITY)) {
      throw escalationForbidden(resource, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
  };
}

export function admitBinding(resource: 'rolebindings' | 'clusterrolebindings') {
  return async (request: AdmissionRequest<BindingObject>): Promise<void> => {
    const user = exempt(request);
    if (!user) return;
    const policy = activeRbacPolicy()!;
    const binding = request.obj as BindingObject;
    const namespace = request.namespace ?? '';
    if (bindAuthorized(policy.authorize, user, binding.roleRef, namespace)) return;
    const rules = await referencedRules(binding, namespace);
    const missing = escalationError(policy.objects, user, namespace, rules);
    if (missing) throw escalationForbidden(resource, binding.metadata.name ?? '', missing);
  };
}

/** The referenced role's rules, read from storage (a missing role is that store's 404). */
async function referencedRules(binding: BindingObject, namespace: string): Promise<PolicyRule[]> {
  const { registry } = activeRbacPolicy()!;
  const ref = binding.roleRef;
  if (ref.kind === 'Role') return ((await registry.kind(RBAC_GROUP, 'Role').store.get(namespace, ref.name)) as RoleObject).rules ?? [];
  if (ref.kind === 'ClusterRole') return ((await registry.kind(RBAC_GROUP, 'ClusterRole').store.get(undefined, ref.name)) as RoleObject).rules ?? [];
  return [];
}
