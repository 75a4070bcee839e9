// Default RBAC policy at startup, reconciled as kube-apiserver's rbac/bootstrap-roles hook does:
// missing roles and bindings are created; existing ones get missing rules, selectors, subjects,
// labels and annotations added (extras kept) — unless annotated autoupdate=false. A binding
// whose roleRef differs is recreated (roleRef cannot be updated).
import { deepClone, type KubeObject } from '../../machinery/object.js';
import { StatusError, unlessNotFound } from '../../machinery/status.js';
import type { ApiRegistry } from '../../registry/api-registry.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-policy.js';
import { covers } from './policy-comparator.js';
import { RBAC_GROUP, type BindingObject, type ClusterRoleObject } from './types.js';

const MANAGER = 'kube-apiserver';

/** The reconciled role, or undefined when the existing one needs no change. */
export function reconcileClusterRole(existing: ClusterRoleObject, expected: ClusterRoleObject): ClusterRoleObject | undefined {
  if (existing.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return undefined;
  const result = mergeMetadata(existing, expected);
  const { missing } = covers(existing.rules ?? [], expected.rules ?? []);
  if (missing.length) result.rules = [...(existing.rules ?? []), ...missing];
  if (!expected.aggregationRule && existing.aggregationRule) {
    delete result.aggregationRule;
  } else if (expected.aggregationRule) {
    const have = existing.aggregationRule?.clusterRoleSelectors ?? [];
    const want = expected.aggregationRule.clusterRoleSelectors ?? [];
    const missingSelectors = want.filter((w) => !have.some((h) => sameJson(h, w)));
    if (missingSelectors.length) result.aggregationRule = { clusterRoleSelectors: [...have, ...missingSelectors] };
  }
  return sameJson(result, existing) ? undefined : result;
}

/** The reconciled binding (flagged for recreation when its roleRef differs), or undefined. */
export function reconcileClusterRoleBinding(existing: BindingObject, expected: BindingObject): { binding: BindingObject; recreate: boolean } | undefined {
  if (existing.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return undefined;
  const result = mergeMetadata(existing, expected);
  const recreate = !sameJson(existing.roleRef, expected.roleRef);
  if (recreate) result.roleRef = expected.roleRef;
  // Arca's first releases bound group system:nodes to system:node; the Node authorizer replaced that
  // grant (as upstream did in 1.8), so a stored binding loses subjects the bootstrap one lacks.
  const have = (existing.subjects ?? []).filter((s) => !(existing.metadata.name === 'system:node' && isBootstrapSubjectRemoved(s, expected)));
  const missing = (expected.subjects ?? []).filter((s) => !have.some((h) => h.kind === s.kind && h.name === s.name && (h.namespace ?? '') === (s.namespace ?? '')));
  if (missing.length || have.length !== (existing.subjects ?? []).length) result.subjects = [...have, ...missing];
  return sameJson(result, existing) ? undefined : { binding: result, recreate };
}

function isBootstrapSubjectRemoved(subject: { kind: string; name: string }, expected: BindingObject): boolean {
  return !(expected.subjects ?? []).some((e) => e.kind === subject.kind && e.name === subject.name);
}

/** Labels and annotations of `expected` added to `existing` (existing values win). */
function mergeMetadata<T extends KubeObject>(existing: T, expected: T): T {
  const result = deepClone(existing);
  const labels = { ...expected.metadata.labels, ...existing.metadata.labels };
  const annotations = { ...expected.metadata.annotations, ...existing.metadata.annotations };
  if (Object.keys(labels).length) result.metadata.labels = labels;
  if (Object.keys(annotations).length) result.metadata.annotations = annotations;
  return result;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function ensureBootstrapPolicy(registry: ApiRegistry): Promise<void> {
  const roles = registry.kind(RBAC_GROUP, 'ClusterRole').store;
  const bindings = registry.kind(RBAC_GROUP, 'ClusterRoleBinding').store;
  const opts = { dryRun: false, fieldManager: MANAGER };
  for (const expected of BOOTSTRAP_CLUSTER_ROLES) {
    const existing = await unlessNotFound(() => roles.get(undefined, expected.metadata.name!));
    if (!existing) {
      await createIgnoringExists(() => roles.create(undefined, deepClone(expected), opts));
      continue;
    }
    const reconciled = reconcileClusterRole(existing as ClusterRoleObject, expected);
    if (reconciled) await roles.update(undefined, expected.metadata.name!, reconciled, opts);
  }
  for (const expected of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) {
    const existing = await unlessNotFound(() => bindings.get(undefined, expected.metadata.name!));
    if (!existing) {
      await createIgnoringExists(() => bindings.create(undefined, deepClone(expected), opts));
      continue;
    }
    const reconciled = reconcileClusterRoleBinding(existing as BindingObject, expected);
    if (!reconciled) continue;
    if (reconciled.recreate) {
      await bindings.delete(undefined, expected.metadata.name!, { dryRun: false });
      const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, managedFields: _mf, ...metadata } = reconciled.binding.metadata;
      await bindings.create(undefined, { ...reconciled.binding, metadata }, opts);
    } else {
      await bindings.update(undefined, expected.metadata.name!, reconciled.binding, opts);
    }
  }
}


async function createIgnoringExists(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (!(e instanceof StatusError && e.reason === 'AlreadyExists')) throw e;
  }
}
