// ValidatePodUpdate, ValidatePodStatusUpdate and ValidatePodBinding: what a running pod may change.
import { fieldError, FieldPath, type FieldError } from '../../../machinery/field-errors.js';
import { nameIsDNSSubdomain } from '../../../machinery/validation/names.js';
import { validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import type { Binding, ContainerShape, Pod, PodSpecShape } from '../schema.js';
import { validateName } from './common.js';
import { validatePodMetadataAndSpec, validateTolerations } from './spec.js';

const specPath = FieldPath.root('spec');
const MAX_INT32 = 2147483647;

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
/**
 * Upstream appends a Go cmp.Diff of the internal PodSpec types after a newline; that rendering
 * cannot be reproduced meaningfully from JSON, so Arca's message stops at the list.
 */
export const POD_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`;

export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod));
  const spec = pod.spec ?? {};
  const oldSpec = old.spec ?? {};
  for (const list of ['containers', 'initContainers'] as const) {
    const [stop, found] = validateContainerUpdates(spec[list], oldSpec[list], specPath.child(list));
    errs.push(...found);
    if (stop) return errs;
  }
  const deadlinePath = specPath.child('activeDeadlineSeconds');
  if (spec.activeDeadlineSeconds !== undefined) {
    const value = spec.activeDeadlineSeconds;
    if (value < 0 || value > MAX_INT32) {
      errs.push(fieldError.invalid(deadlinePath, value, `must be between 0 and ${MAX_INT32}, inclusive`));
      return errs;
    }
    if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds < value) {
      errs.push(fieldError.invalid(deadlinePath, value, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oldSpec.activeDeadlineSeconds !== undefined) {
    errs.push(fieldError.invalid(deadlinePath, null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, specPath.child('tolerations')));
  if (!sameJson(mungedSpec(spec, oldSpec), oldSpec)) errs.push(fieldError.forbidden(specPath, POD_UPDATE_FORBIDDEN));
  return errs;
}

function validateContainerUpdates(
  containers: ContainerShape[] | undefined, old: ContainerShape[] | undefined, path: FieldPath,
): [boolean, FieldError[]] {
  if ((containers ?? []).length !== (old ?? []).length) return [true, [fieldError.forbidden(path, 'pod updates may not add or remove containers')]];
  const errs: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    if (!c.image) errs.push(fieldError.required(path.index(i).child('image')));
    if (c.image !== undefined && c.image.trim() !== c.image) {
      errs.push(fieldError.invalid(path.index(i).child('image'), c.image, 'must not have leading or trailing whitespace'));
    }
  });
  return [false, errs];
}

/** The new spec with every field an update may change put back to its old value. */
function mungedSpec(spec: PodSpecShape, old: PodSpecShape): PodSpecShape {
  const munged: PodSpecShape = structuredClone(spec);
  const keepImages = (list: ContainerShape[] | undefined, oldList: ContainerShape[] | undefined) =>
    list?.map((c, i) => ({ ...c, image: oldList?.[i]?.image }));
  if (munged.containers) munged.containers = keepImages(munged.containers, old.containers);
  if (munged.initContainers) munged.initContainers = keepImages(munged.initContainers, old.initContainers);
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  munged.tolerations = old.tolerations;
  const oldGrace = old.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  return munged;
}

function validateOnlyAddedTolerations(
  tolerations: PodSpecShape['tolerations'], old: PodSpecShape['tolerations'], path: FieldPath,
): FieldError[] {
  for (const o of old ?? []) {
    const kept = (tolerations ?? []).some((t) => sameJson({ ...o, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) return [fieldError.forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(tolerations, path);
}

/** ValidatePodStatusUpdate (the checks that apply to the status Arca keeps). */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  const statusPath = FieldPath.root('status');
  if ((pod.spec?.nodeName ?? '') !== (old.spec?.nodeName ?? '')) errs.push(fieldError.forbidden(statusPath.child('nodeName'), 'may not be changed directly'));
  const nominated = pod.status?.nominatedNodeName ?? '';
  if (nominated && nominated !== (old.status?.nominatedNodeName ?? '')) {
    errs.push(...validateName(nameIsDNSSubdomain, nominated, statusPath.child('nominatedNodeName')));
  }
  if ((pod.status?.qosClass ?? '') !== (old.status?.qosClass ?? '')) {
    errs.push(fieldError.invalid(statusPath.child('qosClass'), pod.status?.qosClass ?? '', 'field is immutable'));
  }
  return errs;
}

/** ValidatePodBinding. */
export function validateBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind !== '' && kind !== 'Node') errs.push(fieldError.notSupported(FieldPath.root('target').child('kind'), kind, ['Node', '<empty>']));
  if (!binding.target?.name) errs.push(fieldError.required(FieldPath.root('target').child('name')));
  return errs;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
