// Small field checks shared by the pod validators: names, modes, paths and selectors, each
// returning field errors worded as pkg/apis/core/validation words them.
import { splitSubscriptedPath } from '../../../agent/downward-api.js';
import { localNonReservedPathErrors } from '../../../agent/payload-path.js';
import { fieldError, type FieldError, type FieldPath } from '../../../machinery/field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, type NameValidator } from '../../../machinery/validation/names.js';

/** Errors of a name check, each as `Invalid value` on `path`. */
export const invalidEach = (path: FieldPath, value: unknown, problems: string[]): FieldError[] =>
  problems.map((p) => fieldError.invalid(path, value, p));

export const validateDNS1123Label = (value: string, path: FieldPath) => invalidEach(path, value, isDNS1123Label(value));
export const validateDNS1123Subdomain = (value: string, path: FieldPath) => invalidEach(path, value, isDNS1123Subdomain(value));
export const validateQualifiedName = (value: string, path: FieldPath) => invalidEach(path, value, isQualifiedName(value));
export const validateName = (fn: NameValidator, value: string, path: FieldPath, prefix = false) => invalidEach(path, value, fn(value, prefix));

export const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

export function validateFileMode(mode: number | undefined, path: FieldPath): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0) ? [fieldError.invalid(path, mode, FILE_MODE_ERROR)] : [];
}

/** ValidateLocalNonReservedPath. */
export function validateLocalNonReservedPath(value: string, path: FieldPath): FieldError[] {
  return invalidEach(path, value, localNonReservedPathErrors(value));
}

/** validateLocalDescendingPath: relative, no `..` element (subPath, subPathExpr). */
export function validateLocalDescendingPath(value: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (value.startsWith('/')) errs.push(fieldError.invalid(path, value, 'must be a relative path'));
  if (value.split('/').includes('..')) errs.push(fieldError.invalid(path, value, "must not contain '..'"));
  return errs;
}

const convertibleFieldLabels = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
]);

/** ConvertDownwardAPIFieldLabel: the internal field path, or the conversion error. */
function convertFieldLabel(apiVersion: string, label: string): { path: string } | { error: string } {
  if (apiVersion !== 'v1') return { error: `unsupported pod version: ${apiVersion}` };
  const split = splitSubscriptedPath(label);
  if (split) {
    return split.path === 'metadata.annotations' || split.path === 'metadata.labels'
      ? { path: label } : { error: `field label does not support subscript: ${label}` };
  }
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return convertibleFieldLabels.has(label) ? { path: label } : { error: `field label not supported: ${label}` };
}

/** validateObjectFieldSelector: a fieldRef against the paths allowed where it is used. */
export function validateObjectFieldSelector(
  ref: { apiVersion?: string; fieldPath?: string }, allowed: readonly string[], path: FieldPath,
): FieldError[] {
  if (!ref.apiVersion) return [fieldError.required(path.child('apiVersion'))];
  if (!ref.fieldPath) return [fieldError.required(path.child('fieldPath'))];
  const converted = convertFieldLabel(ref.apiVersion, ref.fieldPath);
  if ('error' in converted) return [fieldError.invalid(path.child('fieldPath'), ref.fieldPath, `error converting fieldPath: ${converted.error}`)];
  const split = splitSubscriptedPath(converted.path);
  if (split) {
    if (split.path === 'metadata.annotations') return validateQualifiedName(split.subscript.toLowerCase(), path);
    if (split.path === 'metadata.labels') return validateQualifiedName(split.subscript, path);
    return [fieldError.invalid(path, split.path, 'does not support subscript')];
  }
  if (!allowed.includes(converted.path)) return [fieldError.notSupported(path.child('fieldPath'), converted.path, [...allowed].sort())];
  return [];
}

const resourceFieldPaths = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const hugePagePrefixes = ['requests.hugepages-', 'limits.hugepages-'];
const byteDivisors = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const byteDivisorsText = byteDivisors.join(', ');

/** validateContainerResourceFieldSelector (+ divisor rules); `volume` requires containerName. */
export function validateResourceFieldSelector(
  ref: { containerName?: string; resource?: string; divisor?: string | number }, path: FieldPath, volume: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const resource = ref.resource ?? '';
  if (volume && !ref.containerName) errs.push(fieldError.required(path.child('containerName')));
  else if (!resource) errs.push(fieldError.required(path.child('resource')));
  else if (!resourceFieldPaths.includes(resource) && !hugePagePrefixes.some((p) => resource.startsWith(p))) {
    errs.push(fieldError.notSupported(path.child('resource'), resource, resourceFieldPaths));
  }
  const divisor = ref.divisor === undefined ? '' : String(ref.divisor);
  if (divisor === '' || divisor === '0') return errs;
  const divisorPath = path.child('divisor');
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    if (!['1m', '1'].includes(divisor)) errs.push(fieldError.invalid(divisorPath, resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
  } else if (resource === 'limits.memory' || resource === 'requests.memory') {
    if (!byteDivisors.includes(divisor)) errs.push(fieldError.invalid(divisorPath, resource, `only divisor's values ${byteDivisorsText} are supported with the memory resource`));
  } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
    if (!byteDivisors.includes(divisor)) errs.push(fieldError.invalid(divisorPath, resource, `only divisor's values ${byteDivisorsText} are supported with the local ephemeral storage resource`));
  }
  if (hugePagePrefixes.some((p) => resource.startsWith(p)) && !byteDivisors.includes(divisor)) {
    errs.push(fieldError.invalid(divisorPath, resource, `only divisor's values ${byteDivisorsText} are supported with the hugepages resource`));
  }
  return errs;
}
