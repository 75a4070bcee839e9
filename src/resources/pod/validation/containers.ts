// validateContainers / validateInitContainers / validateContainerCommon for the container fields
// Arca honours; container features Arca cannot run (probes, lifecycle hooks, block devices) are refused.
import { compareQuantities, parseQuantityValue, type Quantity } from '../../../agent/quantity.js';
import { fieldError, type FieldError, type FieldPath } from '../../../machinery/field-errors.js';
import { isQualifiedName } from '../../../machinery/validation/names.js';
import type { ContainerShape } from '../schema.js';
import { invalidEach, validateDNS1123Label, validateLocalDescendingPath } from './common.js';
import { validateEnv, validateEnvFrom } from './env.js';

export const NOT_SUPPORTED_BY_ARCA = 'not supported by Arca';
const UNRUNNABLE_CONTAINER_FIELDS = ['volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resizePolicy'] as const;

export function validateContainers(containers: ContainerShape[] | undefined, volumes: Set<string>, path: FieldPath): FieldError[] {
  if (!containers?.length) return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const idx = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, idx));
    if (names.has(c.name)) errs.push(fieldError.duplicate(idx.child('name'), c.name));
    else names.add(c.name);
    if (c.restartPolicy !== undefined) errs.push(fieldError.forbidden(idx.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  return errs.concat(hostPortConflicts(containers, path));
}

export function validateInitContainers(
  containers: ContainerShape[] | undefined, regular: ContainerShape[] | undefined, volumes: Set<string>, path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (containers ?? []).forEach((c, i) => {
    const idx = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, idx));
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') {
      errs.push(fieldError.notSupported(idx.child('restartPolicy'), c.restartPolicy, ['Always']));
    }
    if (names.has(c.name)) errs.push(fieldError.duplicate(idx.child('name'), c.name));
    else if (c.name) names.add(c.name);
    errs.push(...hostPortConflicts([c], path));
  });
  return errs;
}

function validateContainerCommon(c: ContainerShape, volumes: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = path.child('name');
  if (!c.name) errs.push(fieldError.required(namePath));
  else errs.push(...validateDNS1123Label(c.name, namePath));
  if (!c.image) errs.push(fieldError.required(path.child('image')));
  const policy = c.terminationMessagePolicy ?? '';
  if (policy === '') errs.push(fieldError.required(path.child('terminationMessagePolicy')));
  else if (policy !== 'File' && policy !== 'FallbackToLogsOnError') {
    errs.push(fieldError.notSupported(path.child('terminationMessagePolicy'), policy, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...validatePorts(c.ports, path.child('ports')));
  errs.push(...validateEnv(c.env, path.child('env')));
  errs.push(...validateEnvFrom(c.envFrom, path.child('envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, path.child('volumeMounts')));
  const pull = c.imagePullPolicy ?? '';
  if (pull === '') errs.push(fieldError.required(path.child('imagePullPolicy')));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) {
    errs.push(fieldError.notSupported(path.child('imagePullPolicy'), pull, ['Always', 'IfNotPresent', 'Never']));
  }
  errs.push(...validateResources(c.resources, path.child('resources')));
  for (const field of UNRUNNABLE_CONTAINER_FIELDS) {
    if (c[field] !== undefined && c[field] !== null) errs.push(fieldError.forbidden(path.child(field), NOT_SUPPORTED_BY_ARCA));
  }
  return errs;
}

const PORT_RANGE_ERROR = 'must be between 1 and 65535, inclusive';

/** IsValidPortName (IANA_SVC_NAME). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

const validPort = (n: number) => n >= 1 && n <= 65535;

function validatePorts(ports: ContainerShape['ports'], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const idx = path.index(i);
    if (p.name) {
      const problems = portNameErrors(p.name);
      if (problems.length) errs.push(...invalidEach(idx.child('name'), p.name, problems));
      else if (names.has(p.name)) errs.push(fieldError.duplicate(idx.child('name'), p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(fieldError.required(idx.child('containerPort')));
    else if (!validPort(p.containerPort)) errs.push(fieldError.invalid(idx.child('containerPort'), p.containerPort, PORT_RANGE_ERROR));
    if (p.hostPort && !validPort(p.hostPort)) errs.push(fieldError.invalid(idx.child('hostPort'), p.hostPort, PORT_RANGE_ERROR));
    if (!p.protocol) errs.push(fieldError.required(idx.child('protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol)) errs.push(fieldError.notSupported(idx.child('protocol'), p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

function hostPortConflicts(containers: ContainerShape[], path: FieldPath): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => (c.ports ?? []).forEach((p, pi) => {
    if (!p.hostPort) return;
    const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
    if (seen.has(key)) errs.push(fieldError.duplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key));
    else seen.add(key);
  }));
  return errs;
}

function validateVolumeMounts(mounts: ContainerShape['volumeMounts'], volumes: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const idx = path.index(i);
    if (!m.name) errs.push(fieldError.required(idx.child('name')));
    if (!volumes.has(m.name)) errs.push(fieldError.notFound(idx.child('name'), m.name));
    if (!m.mountPath) errs.push(fieldError.required(idx.child('mountPath')));
    if (mountPoints.has(m.mountPath)) errs.push(fieldError.invalid(idx.child('mountPath'), m.mountPath, 'must be unique'));
    mountPoints.add(m.mountPath);
    // Upstream reports subPath problems on the list path, not the item.
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, path.child('subPath')));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(fieldError.invalid(idx.child('subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(m.subPathExpr, path.child('subPathExpr')));
    }
    if (m.mountPropagation !== undefined && m.mountPropagation !== 'None') {
      errs.push(fieldError.forbidden(path.child('mountPropagation'), NOT_SUPPORTED_BY_ARCA));
    }
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const STANDARD_QUOTA_RESOURCES = [
  ...STANDARD_CONTAINER_RESOURCES, 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps',
  'persistentvolumeclaims', 'storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'services.nodeports', 'services.loadbalancers',
];
const isHugePages = (name: string) => name.startsWith('hugepages-');
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = invalidEach(path, name, isQualifiedName(name));
  if (!name.includes('/')) {
    if (!STANDARD_QUOTA_RESOURCES.includes(name) && !isHugePages(name)) {
      errs.push(fieldError.invalid(path, name, 'must be a standard resource type or fully qualified'));
    }
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name)) {
      errs.push(fieldError.invalid(path, name, 'must be a standard resource for containers'));
    }
  }
  return errs;
}

/** A quantity's text as the error shows it; parse failures were already refused at decode time. */
const quantityText = (v: string | number) => String(v);
const parsed = (v: string | number): Quantity | undefined => {
  const r = parseQuantityValue(v);
  return 'quantity' in r ? r.quantity : undefined;
};

function validateResources(resources: ContainerShape['resources'], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const nonNegative = (value: string | number, at: FieldPath) => {
    const q = parsed(value);
    if (q && q.unscaled < 0n) errs.push(fieldError.invalid(at, quantityText(value), 'must be greater than or equal to 0'));
  };
  for (const [name, value] of Object.entries(limits)) {
    const at = limPath.key(name);
    errs.push(...validateResourceName(name, at));
    nonNegative(value, at);
  }
  for (const [name, value] of Object.entries(requests)) {
    const at = reqPath.key(name);
    errs.push(...validateResourceName(name, at));
    nonNegative(value, at);
    if (Object.hasOwn(limits, name)) {
      const request = parsed(value);
      const limit = parsed(limits[name]!);
      if (!request || !limit) continue;
      const cmp = compareQuantities(request, limit);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        errs.push(fieldError.invalid(reqPath, quantityText(value), `must be equal to ${name} limit of ${quantityText(limits[name]!)}`));
      } else if (cmp > 0) {
        errs.push(fieldError.invalid(reqPath, quantityText(value), `must be less than or equal to ${name} limit of ${quantityText(limits[name]!)}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(fieldError.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
