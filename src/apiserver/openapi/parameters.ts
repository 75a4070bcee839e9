// The path and query parameters of Kubernetes operations, per action, as kube-apiserver
// declares them. kubectl reads one of them: a PATCH operation listing `fieldValidation` tells
// it the server validates fields itself (so --validate=strict needs no client-side schema).
export interface Parameter {
  description: string;
  in: 'path' | 'query';
  name: string;
  required?: true;
  schema: { type: 'string' | 'integer' | 'boolean'; uniqueItems: true };
}

const query = (name: string, type: Parameter['schema']['type'], description: string): Parameter =>
  ({ description, in: 'query', name, schema: { type, uniqueItems: true } });

export const pathName = (kind: string): Parameter =>
  ({ description: `name of the ${kind}`, in: 'path', name: 'name', required: true, schema: { type: 'string', uniqueItems: true } });

export const pathNamespace: Parameter = {
  description: 'object name and auth scope, such as for teams and projects',
  in: 'path', name: 'namespace', required: true, schema: { type: 'string', uniqueItems: true },
};

export const pretty = query('pretty', 'string', 'If \'true\', then the output is pretty printed.');

const allowWatchBookmarks = query('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag. If this is not a watch, this field is ignored.');
const continueToken = query('continue', 'string', 'The continue option should be set when retrieving more results from the server: the continue value of a previous list result with identical query parameters.');
const dryRun = query('dryRun', 'string', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const fieldSelector = query('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.');
const labelSelector = query('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.');
const limit = query('limit', 'integer', 'limit is a maximum number of responses to return for a list call. If more items exist, the server sets the `continue` field on the list metadata.');
const resourceVersion = query('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to unset');
const resourceVersionMatch = query('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls. Defaults to unset');
const sendInitialEvents = query('sendInitialEvents', 'boolean', '`sendInitialEvents=true` may be set together with `watch=true`: the watch stream then begins with synthetic events for the current state of the collection.');
const timeoutSeconds = query('timeoutSeconds', 'integer', 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.');
const watch = query('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.');
const fieldManager = query('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters.');
const patchFieldManager = query('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. It is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch).');
const fieldValidation = query('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: unknown fields are silently dropped. - Warn: a warning is sent for each unknown or duplicate field (the default). - Strict: the request fails with a BadRequest error listing every unknown and duplicate field.');
const force = query('force', 'boolean', 'Force is going to "force" Apply requests: the user re-acquires conflicting fields owned by other managers. Force flag must be unset for non-apply patch requests.');
const gracePeriodSeconds = query('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately.');
const orphanDependents = query('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy. Should the dependent objects be orphaned.');
const propagationPolicy = query('propagationPolicy', 'string', 'Whether and how garbage collection will be performed. Acceptable values are: \'Orphan\', \'Background\' and \'Foreground\'.');

/** Query parameters by x-kubernetes-action. */
export const actionParameters = {
  list: [allowWatchBookmarks, continueToken, fieldSelector, labelSelector, limit, resourceVersion, resourceVersionMatch, sendInitialEvents, timeoutSeconds, watch],
  get: [],
  post: [dryRun, fieldManager, fieldValidation],
  put: [dryRun, fieldManager, fieldValidation],
  patch: [dryRun, patchFieldManager, fieldValidation, force],
  delete: [dryRun, gracePeriodSeconds, orphanDependents, propagationPolicy],
  deletecollection: [continueToken, dryRun, fieldSelector, gracePeriodSeconds, labelSelector, limit, orphanDependents, propagationPolicy, resourceVersion, resourceVersionMatch, sendInitialEvents, timeoutSeconds],
} satisfies Record<string, Parameter[]>;

export type Action = keyof typeof actionParameters;
