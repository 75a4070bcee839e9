// One OpenAPI v3 document per served group-version (/openapi/v3/api/v1,
// /openapi/v3/apis/<group>/<version>): component schemas of its kinds and lists, the paths of
// every route. Keys are sorted at every level, as kube-apiserver's encoder writes them, so the
// document (and its hash) depend on content alone.
import type { ResourceDefinition } from '../../resources/types.js';
import type { GroupVersionKind } from '../discovery/documents.js';
import type { ServedGroupVersion } from '../group-versions.js';
import { apiPackage, componentNamer } from './component-names.js';
import { API_RESOURCE_LIST, DELETE_OPTIONS, LIST_META, metaComponentsFor, PATCH, STATUS } from './meta-components.js';
import { discoveryPath, groupVersionNaming, resourcePaths, type OperationSchemas, type PathItem } from './paths.js';
import { ComponentSchemas, componentRef } from './schema-to-openapi.js';

/** The component name of a kind: `io.k8s.api.core.v1.ConfigMap`. */
export function kindComponentName(gvk: GroupVersionKind): string {
  return `${apiPackage(gvk.group, gvk.version)}.${gvk.kind}`;
}

/** `all` lets a subresource answer with a kind of another group (serviceaccounts/token: TokenRequest). */
export function openApiDocument(gv: ServedGroupVersion, all: ResourceDefinition<any>[]): Record<string, unknown> {
  const components = new ComponentSchemas(componentNamer(apiPackage(gv.group, gv.version)));
  for (const name of [STATUS, DELETE_OPTIONS, PATCH, API_RESOURCE_LIST]) {
    for (const [component, schema] of metaComponentsFor(name)) components.defineOpenApi(component, schema);
  }

  const schemas: OperationSchemas = {
    kind: (gvk) => {
      const def = all.find((d) => d.group === gvk.group && d.version === gvk.version && d.kind === gvk.kind);
      if (!def) return undefined;
      const name = kindComponentName(gvk);
      if (!components.has(name)) components.define(name, def.schema, { 'x-kubernetes-group-version-kind': [gvk] });
      return name;
    },
    list: (def) => {
      const name = kindComponentName({ group: def.group, version: def.version, kind: def.listKind });
      components.defineOpenApi(name, listSchema(def, kindComponentName(def)));
      for (const [component, schema] of metaComponentsFor(LIST_META)) components.defineOpenApi(component, schema);
      return name;
    },
  };

  // The group-version's own kinds first, so that their names win over any nested type's.
  for (const def of gv.definitions) schemas.kind({ group: def.group, version: def.version, kind: def.kind });
  const naming = groupVersionNaming(gv.group, gv.version);
  let paths: Record<string, PathItem> = discoveryPath(naming, API_RESOURCE_LIST);
  for (const def of gv.definitions) paths = { ...paths, ...resourcePaths(def, naming, schemas) };

  return sortKeys({
    components: {
      schemas: components.toRecord(),
      securitySchemes: {
        BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
      },
    },
    info: { title: 'Kubernetes', version: 'unversioned' },
    openapi: '3.0.0',
    paths,
  }) as Record<string, unknown>;
}

function listSchema(def: ResourceDefinition<any>, kindComponent: string) {
  return {
    description: `${def.listKind} is a list of ${def.kind} objects.`,
    properties: {
      apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
      items: {
        description: `Items is the list of ${def.kind} objects.`,
        items: { allOf: [{ $ref: componentRef(kindComponent) }] },
        type: 'array',
      },
      kind: { description: 'Kind is a string value representing the REST resource this object represents. In CamelCase.', type: 'string' },
      metadata: { allOf: [{ $ref: componentRef(LIST_META) }], description: 'Standard list metadata.' },
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.listKind }],
  };
}

/** Object keys sorted at every level; arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
