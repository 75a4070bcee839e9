// The OpenAPI paths of one kind: every route the server serves for it, with kube-apiserver's
// operation ids, descriptions, parameters and the `x-kubernetes-action` and
// `x-kubernetes-group-version-kind` extensions kubectl looks operations up by.
import type { ResourceDefinition, Verb } from '../../resources/types.js';
import type { GroupVersionKind } from '../discovery/documents.js';
import { groupVersionPrefix } from '../group-versions.js';
import { DELETE_OPTIONS, PATCH, STATUS } from './meta-components.js';
import { actionParameters, pathName, pathNamespace, pretty, type Action, type Parameter } from './parameters.js';
import { componentRef } from './schema-to-openapi.js';

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
export type PathItem = Partial<Record<Method, Operation>> & { parameters?: Parameter[] };
export interface Operation {
  description: string;
  operationId: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  tags: string[];
  'x-kubernetes-action'?: Action;
  'x-kubernetes-group-version-kind'?: GroupVersionKind;
}

/** How operations of a group-version are named: `CoreV1` in operation ids, `core_v1` as tag. */
export interface GroupVersionNaming { prefix: string; operationInfix: string; tag: string }

/** Component names of the schemas operations take and return. */
export interface OperationSchemas {
  /** A kind's component, or undefined when no definition gives its schema. */
  kind(gvk: GroupVersionKind): string | undefined;
  list(def: ResourceDefinition<any>): string;
}

export function groupVersionNaming(group: string, version: string): GroupVersionNaming {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split(/[.-]/);
  const groupName = words.map(capitalize).join('');
  return {
    prefix: groupVersionPrefix(group, version),
    operationInfix: groupName + capitalize(version),
    tag: `${groupName.charAt(0).toLowerCase()}${groupName.slice(1)}_${version}`,
  };
}

/** GET <prefix>/: the group-version's APIResourceList. */
export function discoveryPath(naming: GroupVersionNaming, resourceList: string): Record<string, PathItem> {
  return {
    [`${naming.prefix}/`]: {
      get: {
        description: 'get available resources',
        operationId: `get${naming.operationInfix}APIResources`,
        responses: { 200: ok(resourceList), ...UNAUTHORIZED },
        tags: [naming.tag],
      },
    },
  };
}

/** Every path of one kind, its subresources included. */
export function resourcePaths(def: ResourceDefinition<any>, naming: GroupVersionNaming, schemas: OperationSchemas): Record<string, PathItem> {
  const has = (verb: Verb) => def.verbs.includes(verb);
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const kind = schemas.kind(gvk);
  const scope = def.namespaced ? 'Namespaced' : '';
  const ops = new OperationFactory(naming, gvk);
  const collection = def.namespaced ? `${naming.prefix}/namespaces/{namespace}/${def.plural}` : `${naming.prefix}/${def.plural}`;
  const scopeParams = def.namespaced ? [pathNamespace] : [];
  const objectParams = [pathName(def.kind), ...scopeParams];
  const paths: Record<string, PathItem> = {};
  const add = (path: string, params: Parameter[], operations: [Method, Operation | false][]) => {
    const item = pathItem(params, operations);
    if (item) paths[path] = item;
  };
  const listDescription = `${has('watch') ? 'list or watch' : 'list'} objects of kind ${def.kind}`;

  if (def.namespaced) {
    add(`${naming.prefix}/${def.plural}`, [], [
      ['get', has('list') && ops.make('list', `list${naming.operationInfix}${def.kind}ForAllNamespaces`, listDescription, schemas.list(def))],
    ]);
  }
  add(collection, scopeParams, [
    ['get', has('list') && ops.make('list', `list${naming.operationInfix}${scope}${def.kind}`, listDescription, schemas.list(def))],
    ['post', has('create') && ops.make('post', `create${naming.operationInfix}${scope}${def.kind}`, `create${article(def.kind)}${def.kind}`, kind)],
    ['delete', has('deletecollection') && ops.make('deletecollection', `delete${naming.operationInfix}Collection${scope}${def.kind}`, `delete collection of ${def.kind}`, STATUS)],
  ]);
  // Objects are created by POSTing to their collection, not to a name.
  const objectVerbs = def.verbs.filter((verb) => verb !== 'create');
  add(`${collection}/{name}`, objectParams, objectOperations(objectVerbs, ops, `${naming.operationInfix}${scope}${def.kind}`, {
    get: `read the specified ${def.kind}`,
    put: `replace the specified ${def.kind}`,
    patch: `partially update the specified ${def.kind}`,
    delete: `delete${article(def.kind)}${def.kind}`,
    post: `create${article(def.kind)}${def.kind}`,
  }, kind, STATUS));
  for (const sub of def.subresources) {
    const subGvk = { group: sub.group ?? def.group, version: sub.version ?? def.version, kind: sub.kind };
    const subOps = new OperationFactory(naming, subGvk);
    const subSchema = schemas.kind(subGvk);
    add(`${collection}/{name}/${sub.name}`, objectParams, objectOperations(sub.verbs, subOps, `${naming.operationInfix}${scope}${def.kind}${capitalize(sub.name)}`, {
      get: `read ${sub.name} of the specified ${def.kind}`,
      put: `replace ${sub.name} of the specified ${def.kind}`,
      patch: `partially update ${sub.name} of the specified ${def.kind}`,
      delete: `delete ${sub.name} of${article(def.kind)}${def.kind}`,
      post: `create ${sub.name} of${article(def.kind)}${def.kind}`,
    }, subSchema, subSchema));
  }
  return paths;
}

/** The operations on one object (or one of its subresources), by the verbs it supports. */
function objectOperations(
  verbs: Verb[], ops: OperationFactory, idSuffix: string,
  descriptions: Record<Method, string>, schema: string | undefined, deleted: string | undefined,
): [Method, Operation | false][] {
  const has = (verb: Verb) => verbs.includes(verb);
  return [
    ['get', has('get') && ops.make('get', `read${idSuffix}`, descriptions.get, schema)],
    ['put', has('update') && ops.make('put', `replace${idSuffix}`, descriptions.put, schema)],
    ['patch', has('patch') && ops.make('patch', `patch${idSuffix}`, descriptions.patch, schema)],
    ['post', has('create') && ops.make('post', `create${idSuffix}`, descriptions.post, schema)],
    ['delete', has('delete') && ops.make('delete', `delete${idSuffix}`, descriptions.delete, deleted)],
  ];
}

/** Builds operations of one kind: parameters, request body and responses follow from the action. */
class OperationFactory {
  constructor(private readonly naming: GroupVersionNaming, private readonly gvk: GroupVersionKind) {}

  /** `schema` is what the operation returns (and, for writes, takes). */
  make(action: Action, operationId: string, description: string, schema: string | undefined): Operation {
    return {
      description,
      operationId,
      parameters: [...actionParameters[action]],
      ...requestBody(action, schema),
      responses: responses(action, schema),
      tags: [this.naming.tag],
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': this.gvk,
    };
  }
}

/**
 * PATCH bodies deliberately leave out application/strategic-merge-patch+json: declaring it makes
 * kubectl compute apply patches from these schemas instead of its built-in types.
 */
function requestBody(action: Action, schema: string | undefined): Pick<Operation, 'requestBody'> {
  const body = (types: string[], ref: string | undefined, required: boolean) => ({
    requestBody: {
      content: Object.fromEntries(types.map((t) => [t, ref ? { schema: { $ref: componentRef(ref) } } : {}])),
      ...(required ? { required: true } : {}),
    },
  });
  switch (action) {
    case 'post':
    case 'put': return body(['*/*'], schema, true);
    case 'patch': return body(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'], PATCH, true);
    case 'delete':
    case 'deletecollection': return body(['*/*'], DELETE_OPTIONS, false);
    default: return {};
  }
}

const OUTPUT_TYPES = ['application/json', 'application/yaml'];
const LIST_OUTPUT_TYPES = ['application/json', 'application/json;stream=watch', 'application/yaml'];
const UNAUTHORIZED = { 401: { description: 'Unauthorized' } };

function ok(schema: string | undefined, description = 'OK', types = OUTPUT_TYPES): unknown {
  if (!schema) return { description };
  return { content: Object.fromEntries(types.map((t) => [t, { schema: { $ref: componentRef(schema) } }])), description };
}

function responses(action: Action, schema: string | undefined): Record<string, unknown> {
  switch (action) {
    case 'list': return { 200: ok(schema, 'OK', LIST_OUTPUT_TYPES), ...UNAUTHORIZED };
    case 'post': return { 200: ok(schema), 201: ok(schema, 'Created'), 202: ok(schema, 'Accepted'), ...UNAUTHORIZED };
    case 'put':
    case 'patch': return { 200: ok(schema), 201: ok(schema, 'Created'), ...UNAUTHORIZED };
    case 'delete': return { 200: ok(schema), 202: ok(schema, 'Accepted'), ...UNAUTHORIZED };
    default: return { 200: ok(schema), ...UNAUTHORIZED };
  }
}

/**
 * A path item: parameters every operation shares (path parameters, `pretty`) move to the path,
 * as kube-openapi does; undefined when no operation is served.
 */
function pathItem(pathParams: Parameter[], operations: [Method, Operation | false][]): PathItem | undefined {
  const served = operations.filter((entry): entry is [Method, Operation] => entry[1] !== false);
  if (served.length === 0) return undefined;
  const all = served.map(([, op]) => [...pathParams, pretty, ...(op.parameters ?? [])]);
  const shared = all[0]!.filter((p) => all.every((params) => params.some((q) => q.name === p.name && q.in === p.in)));
  const isShared = (p: Parameter) => shared.some((q) => q.name === p.name && q.in === p.in);
  const item: PathItem = {};
  served.forEach(([method, op], i) => {
    const own = all[i]!.filter((p) => !isShared(p)).sort(byName);
    const { parameters: _parameters, ...rest } = op;
    item[method] = own.length ? { ...rest, parameters: own } : rest;
  });
  item.parameters = [...shared].sort(byName);
  return item;
}

const byName = (a: Parameter, b: Parameter) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** kube-apiserver's article before a kind in descriptions: none for plural-looking kinds. */
function article(kind: string): string {
  if (kind.endsWith('s') && !kind.endsWith('ss')) return ' ';
  return /^[aeiou]/i.test(kind) ? ' an ' : ' a ';
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
