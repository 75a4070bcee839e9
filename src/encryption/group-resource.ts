// Resources as the encryption configuration names them (`secrets`, `deployments.apps`, `*.`, `*.*`,
// apimachinery's schema.ParseGroupResource), and which resource a storage key belongs to.
import { resourcePrefix } from '../registry/keys.js';
import type { ResourceDefinition } from '../resources/types.js';

export interface GroupResource {
  group: string;
  resource: string;
}

export const ANY_GROUP_ANY_RESOURCE: GroupResource = { group: '*', resource: '*' };

/** schema.ParseGroupResource: everything after the first dot is the group; no dot is the core group. */
export function parseGroupResource(text: string): GroupResource {
  const dot = text.indexOf('.');
  return dot >= 0 ? { group: text.slice(dot + 1), resource: text.slice(0, dot) } : { group: '', resource: text };
}

/** How upstream's error texts name a group-resource: `resource.group`, `resource` for core, `*.` for all of core. */
export function groupResourceString(gr: GroupResource): string {
  if (gr.group === '' && gr.resource === '*') return '*.';
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export const sameGroupResource = (a: GroupResource, b: GroupResource): boolean =>
  a.group === b.group && a.resource === b.resource;

/** Finds the resource a storage key (e.g. `/registry/secrets/default/db`) belongs to. */
export type StorageKeyResolver = (storageKey: string) => GroupResource | undefined;

/**
 * Exact resolution by the served resources' key prefixes (registry/keys.ts lays keys out), so a
 * group without a dot (`apps`) is told apart from a core resource. Other keys fall back to the layout.
 */
export function resolverForDefinitions(definitions: ReadonlyArray<ResourceDefinition<any>>): StorageKeyResolver {
  const byPrefix = definitions
    .map((def) => ({ prefix: resourcePrefix(def), gr: { group: def.group, resource: def.plural } }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return (storageKey) => byPrefix.find((p) => storageKey.startsWith(p.prefix))?.gr ?? resourceFromKeyLayout(storageKey);
}

/**
 * Without definitions: `/registry/<plural>/…` is a core resource and `/registry/<group>/<plural>/…`
 * a group's, recognised by the dot every non-core group name has (built-in dotless groups need
 * resolverForDefinitions).
 */
export function resourceFromKeyLayout(storageKey: string): GroupResource | undefined {
  const REGISTRY = '/registry/';
  if (!storageKey.startsWith(REGISTRY)) return undefined;
  const [first, second] = storageKey.slice(REGISTRY.length).split('/');
  if (!first) return undefined;
  return first.includes('.') && second ? { group: first, resource: second } : { group: '', resource: first };
}
