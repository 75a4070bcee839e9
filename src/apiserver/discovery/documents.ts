// The discovery documents kube-apiserver serves, computed from the resource definitions:
// legacy (APIVersions, APIGroupList, APIGroup, APIResourceList) and aggregated
// (apidiscovery.k8s.io APIGroupDiscovery). Field order follows the Go types, so the JSON reads
// like upstream's.
import { createHash } from 'node:crypto';
import type { ResourceDefinition, SubresourceDefinition } from '../../resources/types.js';
import { groupVersionString, servedGroups, type ServedGroup, type ServedGroupVersion } from '../group-versions.js';

export interface GroupVersionForDiscovery { groupVersion: string; version: string }

export interface ApiGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

export interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface ApiResourceList {
  kind: 'APIResourceList';
  /** Absent for the core group, as kube-apiserver strips it there ("keepUnversioned"). */
  apiVersion?: 'v1';
  groupVersion: string;
  resources: ApiResource[];
}

export interface GroupVersionKind { group: string; version: string; kind: string }

export interface ApiSubresourceDiscovery {
  subresource: string;
  responseKind: GroupVersionKind;
  verbs: string[];
}

export interface ApiResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: ApiSubresourceDiscovery[];
}

export interface ApiVersionDiscovery {
  version: string;
  resources: ApiResourceDiscovery[];
  freshness: 'Current';
}

export interface ApiGroupDiscovery {
  metadata: { name?: string };
  versions: ApiVersionDiscovery[];
}

export interface DiscoveryDocuments {
  /** GET /api */
  apiVersions: { kind: 'APIVersions'; versions: string[] };
  /** GET /apis */
  apiGroupList: { kind: 'APIGroupList'; apiVersion: 'v1'; groups: ApiGroup[] };
  /** GET /apis/<group>, by group name. */
  apiGroups: Map<string, { kind: 'APIGroup'; apiVersion: 'v1' } & ApiGroup>;
  /** GET /api/<version> and /apis/<group>/<version>, by groupVersion (`v1`, `group/v1`). */
  resourceLists: Map<string, ApiResourceList>;
  /** Aggregated items: the core group for /api, the named groups for /apis. */
  aggregated: { core: ApiGroupDiscovery[]; named: ApiGroupDiscovery[] };
}

export function buildDiscoveryDocuments(definitions: ResourceDefinition<any>[]): DiscoveryDocuments {
  const groups = servedGroups(definitions);
  const core = groups.filter((g) => g.name === '');
  const named = groups.filter((g) => g.name !== '');
  const resourceLists = new Map<string, ApiResourceList>();
  for (const gv of groups.flatMap((g) => g.versions)) {
    resourceLists.set(groupVersionString(gv.group, gv.version), apiResourceList(gv));
  }
  return {
    apiVersions: { kind: 'APIVersions', versions: core.flatMap((g) => g.versions.map((v) => v.version)) },
    apiGroupList: { kind: 'APIGroupList', apiVersion: 'v1', groups: named.map(apiGroup) },
    apiGroups: new Map(named.map((g) => [g.name, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) }])),
    resourceLists,
    aggregated: { core: core.map(groupDiscovery), named: named.map(groupDiscovery) },
  };
}

/** The aggregated document in the requested apidiscovery version (v2 and v2beta1 share this shape). */
export function aggregatedDiscoveryList(items: ApiGroupDiscovery[], version: 'v2' | 'v2beta1') {
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/** kube-apiserver's storageVersionHash: the first 8 bytes of SHA-256("group/version/kind"), base64. */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

function apiGroup(group: ServedGroup): ApiGroup {
  const versions = group.versions.map((v) => ({ groupVersion: groupVersionString(group.name, v.version), version: v.version }));
  return { name: group.name, versions, preferredVersion: versions[0]! };
}

function apiResourceList(gv: ServedGroupVersion): ApiResourceList {
  const resources = gv.definitions.flatMap((def) => [
    {
      name: def.plural,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: [...def.verbs],
      ...nonEmpty('shortNames', def.shortNames),
      ...nonEmpty('categories', def.categories),
      storageVersionHash: storageVersionHash(def.group, def.version, def.kind),
    },
    ...sortedSubresources(def).map((sub): ApiResource => ({
      name: `${def.plural}/${sub.name}`,
      singularName: '',
      namespaced: def.namespaced,
      // Like kube-apiserver: both named when the subresource's kind lives in another group-version.
      ...(otherGroupVersion(def, sub) ? { group: sub.group ?? def.group, version: sub.version ?? def.version } : {}),
      kind: sub.kind,
      verbs: [...sub.verbs],
    })),
  ]);
  return {
    kind: 'APIResourceList',
    ...(gv.group ? { apiVersion: 'v1' as const } : {}),
    groupVersion: groupVersionString(gv.group, gv.version),
    resources,
  };
}

function groupDiscovery(group: ServedGroup): ApiGroupDiscovery {
  return {
    metadata: group.name ? { name: group.name } : {},
    versions: group.versions.map((gv) => ({
      version: gv.version,
      resources: gv.definitions.map(resourceDiscovery),
      freshness: 'Current',
    })),
  };
}

function resourceDiscovery(def: ResourceDefinition<any>): ApiResourceDiscovery {
  const subresources = sortedSubresources(def).map((sub) => ({
    subresource: sub.name,
    responseKind: { group: sub.group ?? def.group, version: sub.version ?? def.version, kind: sub.kind },
    verbs: [...sub.verbs],
  }));
  return {
    resource: def.plural,
    responseKind: { group: def.group, version: def.version, kind: def.kind },
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singular,
    verbs: [...def.verbs],
    ...nonEmpty('shortNames', def.shortNames),
    ...nonEmpty('categories', def.categories),
    ...(subresources.length ? { subresources } : {}),
  };
}

function otherGroupVersion(def: ResourceDefinition<any>, sub: SubresourceDefinition<any>): boolean {
  return (sub.group ?? def.group) !== def.group || (sub.version ?? def.version) !== def.version;
}

function sortedSubresources(def: ResourceDefinition<any>): SubresourceDefinition<any>[] {
  return [...def.subresources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Go's `omitempty` for string lists. */
function nonEmpty<K extends string>(key: K, values: string[]): Partial<Record<K, string[]>> {
  return values.length ? ({ [key]: [...values] } as Record<K, string[]>) : {};
}
