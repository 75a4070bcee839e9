// Query parameters of each verb, parsed and validated as Kubernetes' ListOptions, CreateOptions,
// UpdateOptions, PatchOptions and DeleteOptions are (422 on `<Kind>Options.meta.k8s.io ""`).
import { fieldError, type FieldError } from '../machinery/field-errors.js';
import { parseFieldSelector, type FieldSelector } from '../machinery/selectors/field-selector.js';
import { parseLabelSelector, type LabelSelector } from '../machinery/selectors/label-selector.js';
import { errors } from '../machinery/status.js';

export interface ListQuery {
  labels?: LabelSelector;
  fields?: FieldSelector;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  watch: boolean;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

export interface WriteQuery {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: 'Ignore' | 'Warn' | 'Strict';
  force?: boolean;
}

const optionsInvalid = (kind: string, fieldErrors: FieldError[]) =>
  errors.invalid({ group: 'meta.k8s.io', kind }, '', fieldErrors);

function parseBool(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(v)) return true;
  if (['false', '0', 'f', 'F', 'FALSE', 'False', ''].includes(v)) return false;
  throw errors.badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

function parseInteger(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

export function parseListQuery(query: URLSearchParams, isWatchVerb: boolean): ListQuery {
  const labelSelector = query.get('labelSelector');
  const fieldSelector = query.get('fieldSelector');
  const watch = (parseBool(query, 'watch') ?? false) || isWatchVerb;
  const result: ListQuery = {
    labels: labelSelector ? parseLabelSelector(labelSelector) : undefined,
    fields: fieldSelector ? parseFieldSelector(fieldSelector) : undefined,
    limit: parseInteger(query, 'limit'),
    continueToken: query.get('continue') || undefined,
    resourceVersion: query.get('resourceVersion') || undefined,
    watch,
    allowWatchBookmarks: parseBool(query, 'allowWatchBookmarks') ?? false,
    sendInitialEvents: parseBool(query, 'sendInitialEvents'),
    timeoutSeconds: parseInteger(query, 'timeoutSeconds'),
  };
  const match = query.get('resourceVersionMatch') || undefined;

  result.resourceVersionMatch = match as ListQuery['resourceVersionMatch'];
  const problems = watch ? watchOptionProblems(result, match) : listOptionProblems(result, match);
  if (result.limit !== undefined && result.limit < 0) {
    problems.push(fieldError.invalid('limit', result.limit, 'must be greater than or equal to 0'));
  }
  if (problems.length) throw optionsInvalid('ListOptions', problems);
  if (result.continueToken && result.resourceVersion && result.resourceVersion !== '0') {
    throw errors.badRequest('specifying resource version is not allowed when using continue');
  }
  return result;
}

/** ValidateListOptions for a plain list. */
function listOptionProblems(q: ListQuery, match: string | undefined): FieldError[] {
  const problems: FieldError[] = [];
  if (match !== undefined) {
    if (!q.resourceVersion) problems.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (q.continueToken) problems.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') {
      problems.push(fieldError.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    }
    if (match === 'Exact' && q.resourceVersion === '0') {
      problems.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (q.sendInitialEvents !== undefined) problems.push(fieldError.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return problems;
}

/** ValidateListOptions for a watch (WatchList is on, as in 1.32). */
function watchOptionProblems(q: ListQuery, match: string | undefined): FieldError[] {
  const problems: FieldError[] = [];
  if (q.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    problems.push(fieldError.forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
  }
  if (match !== undefined) {
    if (q.sendInitialEvents === undefined) {
      problems.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    }
    if (match !== 'NotOlderThan') problems.push(fieldError.notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (q.continueToken) problems.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return problems;
}

export function parseWriteQuery(query: URLSearchParams, optionsKind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions', isApply = false): WriteQuery {
  const problems: FieldError[] = [];
  const dryRunValues = query.getAll('dryRun');
  if (dryRunValues.some((v) => v !== 'All')) problems.push(fieldError.notSupported('dryRun', dryRunValues, ['All']));
  const fieldManager = query.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && Buffer.byteLength(fieldManager) > 128) {
    problems.push(fieldError.tooLong('fieldManager', 128));
  }
  const validation = query.get('fieldValidation') ?? '';
  if (!['', 'Ignore', 'Warn', 'Strict'].includes(validation)) {
    problems.push(fieldError.notSupported('fieldValidation', validation, ['', 'Ignore', 'Strict', 'Warn']));
  }
  const force = parseBool(query, 'force');
  if (optionsKind === 'PatchOptions') {
    if (isApply && !fieldManager) problems.push(fieldError.required('fieldManager', 'is required for apply patch'));
    if (!isApply && force !== undefined && force) problems.push(fieldError.forbidden('force', 'may not be specified for non-apply patch'));
  }
  if (problems.length) throw optionsInvalid(optionsKind, problems);
  return {
    dryRun: dryRunValues.includes('All'),
    fieldManager,
    fieldValidation: (validation || 'Warn') as WriteQuery['fieldValidation'],
    force,
  };
}
