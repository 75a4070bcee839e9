// The API groups and versions the registry serves, in kube-apiserver's order. Discovery and
// OpenAPI both list them from here, so a group appears as soon as one of its kinds is defined.
import type { ResourceDefinition } from '../resources/types.js';

export interface ServedGroupVersion {
  group: string;
  version: string;
  /** Ordered by plural, as kube-apiserver lists resources. */
  definitions: ResourceDefinition<any>[];
}

export interface ServedGroup {
  /** Empty for the core (legacy) group. */
  name: string;
  /** Preferred version first. */
  versions: ServedGroupVersion[];
}

/**
 * kube-apiserver's group priorities (its APIService priority table): higher comes first in
 * /apis, so `kubectl api-resources` lists groups in the familiar order. Unlisted groups get
 * the aggregator's default and sort by name.
 */
const GROUP_PRIORITY: Record<string, number> = {
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  'certificates.k8s.io': 17300,
  'rbac.authorization.k8s.io': 17000,
  'coordination.k8s.io': 16500,
};
const DEFAULT_GROUP_PRIORITY = 1000;

/** `v1` for core, `group/v1` otherwise: the groupVersion of discovery and apiVersion of objects. */
export function groupVersionString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The URL prefix of a group-version: `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** Every served group, core first, then named groups by priority and name. */
export function servedGroups(definitions: ResourceDefinition<any>[]): ServedGroup[] {
  const byGroup = new Map<string, Map<string, ResourceDefinition<any>[]>>();
  for (const def of definitions) {
    const versions = byGroup.get(def.group) ?? new Map<string, ResourceDefinition<any>[]>();
    byGroup.set(def.group, versions);
    versions.set(def.version, [...(versions.get(def.version) ?? []), def]);
  }
  const groups = [...byGroup].map(([name, versions]): ServedGroup => ({
    name,
    versions: [...versions]
      .map(([version, defs]) => ({ group: name, version, definitions: [...defs].sort((a, b) => compareStrings(a.plural, b.plural)) }))
      .sort((a, b) => compareKubeAwareVersions(b.version, a.version)),
  }));
  return groups.sort((a, b) => {
    if ((a.name === '') !== (b.name === '')) return a.name === '' ? -1 : 1;
    return priorityOf(b.name) - priorityOf(a.name) || compareStrings(a.name, b.name);
  });
}

function priorityOf(group: string): number {
  return GROUP_PRIORITY[group] ?? DEFAULT_GROUP_PRIORITY;
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const STABILITY = { alpha: 0, beta: 1, ga: 2 } as const;

/**
 * Kubernetes' version order (apimachinery CompareKubeAwareVersionStrings): GA over beta over
 * alpha, then higher numbers; versions not of the `v1beta2` form sort after, by name.
 * Positive when `a` is the greater (preferred) version.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma || !mb) {
    if (ma) return 1;
    if (mb) return -1;
    return compareStrings(b, a);
  }
  const stability = (m: RegExpExecArray) => STABILITY[(m[2] as 'alpha' | 'beta' | undefined) ?? 'ga'];
  return stability(ma) - stability(mb)
    || Number(ma[1]) - Number(mb[1])
    || Number(ma[3] ?? 0) - Number(mb[3] ?? 0);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
