// The ClusterRole aggregation controller (kube-controller-manager's clusterrole-aggregation):
// a ClusterRole with an aggregationRule gets, as its rules, the union of the rules of every other
// ClusterRole one of its selectors matches, taken in name order without duplicates.
import { inform, WorkQueue, type Informer } from '../../controllers/informer.js';
import { labelSelectorFromObject } from '../../machinery/selectors/label-selector.js';
import type { ApiRegistry } from '../../registry/api-registry.js';
import { RBAC_GROUP, type ClusterRoleObject, type PolicyRule } from './types.js';

const MANAGER = 'clusterrole-aggregation-controller';

/** The rules `role` aggregates from `all` (pure). */
export function aggregatedRules(role: ClusterRoleObject, all: readonly ClusterRoleObject[]): PolicyRule[] {
  const selectors = (role.aggregationRule?.clusterRoleSelectors ?? []).map((s) => labelSelectorFromObject(s));
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  const sorted = [...all].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const other of sorted) {
    if (other.metadata.name === role.metadata.name) continue;
    if (!selectors.some((s) => s.matches(other.metadata.labels))) continue;
    for (const rule of other.rules ?? []) {
      const key = JSON.stringify(rule);
      if (!seen.has(key)) { seen.add(key); rules.push(rule); }
    }
  }
  return rules;
}

export function startClusterRoleAggregation(registry: ApiRegistry, log: (m: string) => void): Informer {
  const served = registry.kind(RBAC_GROUP, 'ClusterRole');
  const aggregated = new Set<string>();
  const queue = new WorkQueue(async (name) => {
    let role: ClusterRoleObject;
    try {
      role = await served.store.get(undefined, name) as ClusterRoleObject;
    } catch {
      return; // deleted meanwhile
    }
    if (!role.aggregationRule) return;
    const all = (await served.store.list(undefined, {})).items as ClusterRoleObject[];
    const rules = aggregatedRules(role, all);
    if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) return;
    await served.store.update(undefined, name, { ...role, rules }, { dryRun: false, fieldManager: MANAGER });
  }, (name, err) => log(`clusterrole aggregation: ${name}: ${String(err)}`));
  return inform(served, {}, (type, obj) => {
    const role = obj as ClusterRoleObject;
    const name = role.metadata.name!;
    if (type !== 'DELETED' && role.aggregationRule) aggregated.add(name);
    else aggregated.delete(name);
    // Any role may feed any aggregated role: recompute them all.
    for (const target of aggregated) queue.add(target);
  }, (err) => log(`clusterrole aggregation: ${String(err)}`));
}
