// ValidateEnv and ValidateEnvFrom with RelaxedEnvironmentVariableValidation (on by default in 1.32).
import { fieldError, type FieldError, type FieldPath } from '../../../machinery/field-errors.js';
import { isConfigMapKey, nameIsDNSSubdomain } from '../../../machinery/validation/names.js';
import type { ContainerShape } from '../schema.js';
import { invalidEach, validateName, validateObjectFieldSelector, validateResourceFieldSelector } from './common.js';

const ENV_DOWNWARD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];

export const RELAXED_ENV_NAME_ERROR = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** IsRelaxedEnvVarName: printable ASCII, no `=`. */
export function relaxedEnvVarNameErrors(value: string): string[] {
  if (value === '') return ['environment variable name must be non-empty'];
  return [...value].some((ch) => ch < ' ' || ch > '~' || ch === '=') ? [RELAXED_ENV_NAME_ERROR] : [];
}

type EnvVar = NonNullable<ContainerShape['env']>[number];
type EnvFrom = NonNullable<ContainerShape['envFrom']>[number];

export function validateEnv(vars: EnvVar[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((v, i) => {
    const idx = path.index(i);
    if (!v.name) errs.push(fieldError.required(idx.child('name')));
    else errs.push(...invalidEach(idx.child('name'), v.name, relaxedEnvVarNameErrors(v.name)));
    errs.push(...validateValueFrom(v, idx.child('valueFrom')));
  });
  return errs;
}

function validateValueFrom(v: EnvVar, path: FieldPath): FieldError[] {
  const from = v.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_DOWNWARD_PATHS, path.child('fieldRef')));
  }
  if (from.resourceFieldRef) {
    sources++;
    errs.push(...validateResourceFieldSelector(from.resourceFieldRef, path.child('resourceFieldRef'), false));
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = from[kind];
    if (!ref) continue;
    sources++;
    const refPath = path.child(kind);
    errs.push(...validateName(nameIsDNSSubdomain, ref.name ?? '', refPath.child('name')));
    if (!ref.key) errs.push(fieldError.required(refPath.child('key')));
    else errs.push(...invalidEach(refPath.child('key'), ref.key, isConfigMapKey(ref.key)));
  }
  if (sources === 0) {
    errs.push(fieldError.invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (v.value) {
    errs.push(fieldError.invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(fieldError.invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

export function validateEnvFrom(sources: EnvFrom[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (sources ?? []).forEach((s, i) => {
    const idx = path.index(i);
    if (s.prefix) errs.push(...invalidEach(idx.child('prefix'), s.prefix, relaxedEnvVarNameErrors(s.prefix)));
    let count = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = s[kind];
      if (!ref) continue;
      count++;
      const namePath = idx.child(kind).child('name');
      if (!ref.name) errs.push(fieldError.required(namePath));
      else errs.push(...validateName(nameIsDNSSubdomain, ref.name, namePath, true));
    }
    if (count === 0) errs.push(fieldError.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1) errs.push(fieldError.invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
