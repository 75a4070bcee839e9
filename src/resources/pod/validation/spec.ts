// ValidatePodSpec and the pod-only checks of validatePodMetadataAndSpec / ValidatePodCreate, in
// upstream's order, plus Arca's refusals of pod features it cannot provide.
import { fieldError, FieldPath, type FieldError } from '../../../machinery/field-errors.js';
import { isQualifiedName, isValidLabelValue, nameIsDNSSubdomain } from '../../../machinery/validation/names.js';
import { validateObjectMeta } from '../../../machinery/validation/object-meta.js';
import type { Pod, PodSpecShape } from '../schema.js';
import { invalidEach, validateDNS1123Label, validateName } from './common.js';
import { NOT_SUPPORTED_BY_ARCA, validateContainers, validateInitContainers } from './containers.js';
import { validateVolumes } from './volumes.js';

const specPath = FieldPath.root('spec');
const MAX_INT32 = 2147483647;

export function validatePodSpec(spec: PodSpecShape, path: FieldPath = specPath): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined) errs.push(fieldError.required(path.child('terminationGracePeriodSeconds')));
  const volumes = validateVolumes(spec.volumes as never, path.child('volumes'));
  errs.push(...volumes.errors);
  errs.push(...validateContainers(spec.containers, volumes.names, path.child('containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes.names, path.child('initContainers')));
  errs.push(...oneOf(spec.restartPolicy, ['Always', 'OnFailure', 'Never'], path.child('restartPolicy')));
  errs.push(...oneOf(spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], path.child('dnsPolicy')));
  if (spec.dnsPolicy === 'None' && (spec.dnsConfig === undefined || spec.dnsConfig === null)) errs.push(fieldError.required(path.child('dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
  errs.push(...validateNodeSelector(spec.nodeSelector, path.child('nodeSelector')));
  if (spec.serviceAccountName) errs.push(...validateName(nameIsDNSSubdomain, spec.serviceAccountName, path.child('serviceAccountName')));
  if (spec.nodeName) errs.push(...validateName(nameIsDNSSubdomain, spec.nodeName, path.child('nodeName')));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errs.push(fieldError.invalid(path.child('activeDeadlineSeconds'), deadline, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, path.child('hostname')));
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, path.child('subdomain')));
  errs.push(...validateTolerations(spec.tolerations, path.child('tolerations')));
  if (spec.priorityClassName) errs.push(...validateName(nameIsDNSSubdomain, spec.priorityClassName, path.child('priorityClassName')));
  if (spec.preemptionPolicy !== undefined) {
    errs.push(...oneOf(spec.preemptionPolicy, ['PreemptLowerPriority', 'Never'], path.child('preemptionPolicy')));
  }
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field]) errs.push(fieldError.forbidden(path.child(field), NOT_SUPPORTED_BY_ARCA));
  }
  return errs;
}

/** ValidatePodCreate: metadata, spec, and what only a new pod is checked for. */
export function validatePod(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  if (pod.spec?.ephemeralContainers !== undefined && pod.spec.ephemeralContainers !== null) {
    errs.push(fieldError.forbidden(specPath.child('ephemeralContainers'), 'cannot be set on create'));
  }
  return errs;
}

export function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, { namespaced: true, validateName: nameIsDNSSubdomain });
  const spec = pod.spec ?? {};
  errs.push(...validatePodSpec(spec));
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((volume, vi) => (volume.projected?.sources ?? []).forEach((source, si) => {
      if (!source.serviceAccountToken) return;
      const at = specPath.child('volumes').index(vi).child('projected').child('sources').index(si).child('serviceAccountToken');
      errs.push(fieldError.forbidden(at, 'must not be specified when serviceAccountName is not set'));
    }));
  }
  for (const list of ['containers', 'initContainers'] as const) {
    (spec[list] ?? []).forEach((c, i) => {
      if (c.image !== undefined && c.image !== c.image.trim()) {
        errs.push(fieldError.invalid(specPath.child(list).index(i).child('image'), c.image, 'must not have leading or trailing whitespace'));
      }
    });
  }
  return errs;
}

function oneOf(value: string | undefined, supported: string[], path: FieldPath): FieldError[] {
  if (!value) return [fieldError.required(path)];
  return supported.includes(value) ? [] : [fieldError.notSupported(path, value, supported)];
}

function validateNodeSelector(selector: Record<string, string> | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(selector ?? {})) {
    errs.push(...invalidEach(path, key, isQualifiedName(key)));
    errs.push(...invalidEach(path.key(key), value, isValidLabelValue(value)));
  }
  return errs;
}

export function validateTolerations(tolerations: PodSpecShape['tolerations'], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const idx = path.index(i);
    const key = t.key ?? '';
    const operator = t.operator ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    if (key) errs.push(...invalidEach(idx.child('key'), key, isQualifiedName(key)));
    if (!key && operator !== 'Exists') {
      errs.push(fieldError.invalid(idx.child('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errs.push(fieldError.invalid(idx.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const problems = isValidLabelValue(value);
      if (problems.length) errs.push(fieldError.invalid(idx.child('operator'), value, problems.join(';')));
    } else if (operator === 'Exists') {
      if (value) errs.push(fieldError.invalid(idx.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(fieldError.notSupported(idx.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
      errs.push(fieldError.notSupported(idx.child('effect'), effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    }
  });
  return errs;
}
