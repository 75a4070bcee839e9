// The apimachinery types operations refer to but no kind's schema contains: list metadata,
// Status, DeleteOptions, Patch and the discovery APIResourceList. Written in OpenAPI form
// (they are only ever published, never validated against).
import { META_V1 } from './component-names.js';
import { componentRef, type OpenApiSchema } from './schema-to-openapi.js';

export const LIST_META = `${META_V1}.ListMeta`;
export const STATUS = `${META_V1}.Status`;
export const DELETE_OPTIONS = `${META_V1}.DeleteOptions`;
export const PATCH = `${META_V1}.Patch`;
export const API_RESOURCE_LIST = `${META_V1}.APIResourceList`;

const string = (description: string): OpenApiSchema => ({ description, type: 'string' });
const integer = (description: string, format: 'int32' | 'int64'): OpenApiSchema => ({ description, format, type: 'integer' });
const boolean = (description: string): OpenApiSchema => ({ description, type: 'boolean' });
const strings = (description: string): OpenApiSchema =>
  ({ description, items: { type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'atomic' });
const ref = (name: string, description: string): OpenApiSchema => ({ allOf: [{ $ref: componentRef(name) }], description });
const gvk = (kind: string) => ({ 'x-kubernetes-group-version-kind': [{ group: '', kind, version: 'v1' }] });

const API_VERSION = string('APIVersion defines the versioned schema of this representation of an object.');
const KIND = string('Kind is a string value representing the REST resource this object represents. In CamelCase.');

/** Each fixed component with the components it refers to, so a document includes what it uses. */
const COMPONENTS: Record<string, { schema: OpenApiSchema; uses: string[] }> = {
  [LIST_META]: {
    uses: [],
    schema: {
      description: 'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
      properties: {
        continue: string('continue may be set if the user set a limit on the number of items returned; pass it back to get the next set of items.'),
        remainingItemCount: integer('remainingItemCount is the number of subsequent items in the list which are not included in this list response, when known.', 'int64'),
        resourceVersion: string('String that identifies the server\'s internal version of this list, for a watch to start from. Read-only.'),
        selfLink: string('Deprecated; always empty.'),
      },
      type: 'object',
    },
  },
  [`${META_V1}.StatusCause`]: {
    uses: [],
    schema: {
      description: 'StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.',
      properties: {
        field: string('The field of the resource that has caused this error, as named by its JSON serialization.'),
        message: string('A human-readable description of the cause of the error.'),
        reason: string('A machine-readable description of the cause of the error.'),
      },
      type: 'object',
    },
  },
  [`${META_V1}.StatusDetails`]: {
    uses: [`${META_V1}.StatusCause`],
    schema: {
      description: 'StatusDetails is a set of additional properties that may be set by the server to provide additional information about a response.',
      properties: {
        causes: {
          description: 'The Causes array includes more details associated with the StatusReason failure.',
          items: { allOf: [{ $ref: componentRef(`${META_V1}.StatusCause`) }] },
          type: 'array',
          'x-kubernetes-list-type': 'atomic',
        },
        group: string('The group attribute of the resource associated with the status StatusReason.'),
        kind: string('The kind attribute of the resource associated with the status StatusReason.'),
        name: string('The name attribute of the resource associated with the status StatusReason.'),
        retryAfterSeconds: integer('If specified, the time in seconds before the operation should be retried.', 'int32'),
        uid: string('UID of the resource, when there is a single resource which can be described.'),
      },
      type: 'object',
    },
  },
  [STATUS]: {
    uses: [`${META_V1}.StatusDetails`, LIST_META],
    schema: {
      description: 'Status is a return value for calls that don\'t return other objects.',
      properties: {
        apiVersion: API_VERSION,
        code: integer('Suggested HTTP return code for this status, 0 if not set.', 'int32'),
        details: ref(`${META_V1}.StatusDetails`, 'Extended data associated with the reason.'),
        kind: KIND,
        message: string('A human-readable description of the status of this operation.'),
        metadata: ref(LIST_META, 'Standard list metadata.'),
        reason: string('A machine-readable description of why this operation is in the "Failure" status.'),
        status: string('Status of the operation. One of: "Success" or "Failure".'),
      },
      type: 'object',
      ...gvk('Status'),
    },
  },
  [`${META_V1}.Preconditions`]: {
    uses: [],
    schema: {
      description: 'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.',
      properties: {
        resourceVersion: string('Specifies the target ResourceVersion'),
        uid: string('Specifies the target UID.'),
      },
      type: 'object',
    },
  },
  [DELETE_OPTIONS]: {
    uses: [`${META_V1}.Preconditions`],
    schema: {
      description: 'DeleteOptions may be provided when deleting an API object.',
      properties: {
        apiVersion: API_VERSION,
        dryRun: strings('When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed'),
        gracePeriodSeconds: integer('The duration in seconds before the object should be deleted.', 'int64'),
        kind: KIND,
        orphanDependents: boolean('Deprecated: please use the PropagationPolicy. Should the dependent objects be orphaned.'),
        preconditions: ref(`${META_V1}.Preconditions`, 'Must be fulfilled before a deletion is carried out. If not possible, a 409 Conflict status will be returned.'),
        propagationPolicy: string('Whether and how garbage collection will be performed: Orphan, Background or Foreground.'),
      },
      type: 'object',
      ...gvk('DeleteOptions'),
    },
  },
  [PATCH]: {
    uses: [],
    schema: { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
  },
  [`${META_V1}.APIResource`]: {
    uses: [],
    schema: {
      description: 'APIResource specifies the name of a resource and whether it is namespaced.',
      properties: {
        categories: strings('categories is a list of the grouped resources this resource belongs to (e.g. \'all\')'),
        group: string('group is the preferred group of the resource. Empty implies the group of the containing resource list.'),
        kind: string('kind is the kind for the resource (e.g. \'Foo\' is the kind for a resource \'foo\')'),
        name: string('name is the plural name of the resource.'),
        namespaced: boolean('namespaced indicates if a resource is namespaced or not.'),
        shortNames: strings('shortNames is a list of suggested short names of the resource.'),
        singularName: string('singularName is the singular name of the resource.'),
        storageVersionHash: string('The hash value of the storage version, the version this resource is converted to when written to the data store.'),
        verbs: strings('verbs is a list of supported kube verbs.'),
        version: string('version is the preferred version of the resource. Empty implies the version of the containing resource list.'),
      },
      required: ['name', 'singularName', 'namespaced', 'kind', 'verbs'],
      type: 'object',
    },
  },
  [API_RESOURCE_LIST]: {
    uses: [`${META_V1}.APIResource`],
    schema: {
      description: 'APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced.',
      properties: {
        apiVersion: API_VERSION,
        groupVersion: string('groupVersion is the group and version this APIResourceList is for.'),
        kind: KIND,
        resources: {
          description: 'resources contains the name of the resources and if they are namespaced.',
          items: { allOf: [{ $ref: componentRef(`${META_V1}.APIResource`) }] },
          type: 'array',
          'x-kubernetes-list-type': 'atomic',
        },
      },
      required: ['groupVersion', 'resources'],
      type: 'object',
      ...gvk('APIResourceList'),
    },
  },
};

/** A fixed component and, transitively, the components it refers to. */
export function metaComponentsFor(name: string): [string, OpenApiSchema][] {
  const component = COMPONENTS[name];
  if (!component) throw new Error(`no fixed OpenAPI component ${name}`);
  return [[name, component.schema], ...component.uses.flatMap(metaComponentsFor)];
}
