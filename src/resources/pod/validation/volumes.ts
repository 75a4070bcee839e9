// ValidateVolumes for the sources Arca serves (configMap, secret, projected, downwardAPI,
// emptyDir); every other upstream source is refused as an unsupported value on the volume.
// Paths reproduce upstream's quirks (downwardAPI item errors sit on the source, not the item).
import { parseQuantityValue } from '../../../agent/quantity.js';
import { fieldError, type FieldError, type FieldPath } from '../../../machinery/field-errors.js';
import { SUPPORTED_VOLUME_SOURCES, type VolumeShape } from '../schema.js';
import {
  validateDNS1123Label, validateFileMode, validateLocalNonReservedPath, validateObjectFieldSelector, validateResourceFieldSelector,
} from './common.js';

/** validateVolumeSource's order of checks, which decides which of two sources is "the second". */
const SOURCE_ORDER = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
];
/** Upstream names the second-source error after the Go field, with its typos. */
const FORBIDDEN_PATH_NAME: Record<string, string> = { cephfs: 'cephFS', downwardAPI: 'downwarAPI' };

const VOLUME_DOWNWARD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

interface KeyToPath { key?: string; path?: string; mode?: number }
interface DownwardFile { path?: string; fieldRef?: { apiVersion?: string; fieldPath?: string }; resourceFieldRef?: { containerName?: string; resource?: string; divisor?: string | number }; mode?: number }

/** The volumes that validated (by name, for mount lookups) and every volume error. */
export function validateVolumes(volumes: VolumeShape[] | undefined, path: FieldPath): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  (volumes ?? []).forEach((volume, i) => {
    const volPath = path.index(i);
    const namePath = volPath.child('name');
    const el = validateVolumeSource(volume, volPath);
    if (!volume.name) el.push(fieldError.required(namePath));
    else el.push(...validateDNS1123Label(volume.name, namePath));
    if (names.has(volume.name)) el.push(fieldError.duplicate(namePath, volume.name));
    if (el.length === 0) names.add(volume.name);
    else errors.push(...el);
  });
  return { names, errors };
}

function validateVolumeSource(volume: VolumeShape, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const source of SOURCE_ORDER) {
    if (volume[source] === undefined || volume[source] === null) continue;
    if (count++ > 0) {
      errs.push(fieldError.forbidden(path.child(FORBIDDEN_PATH_NAME[source] ?? source), 'may not specify more than 1 volume type'));
      continue;
    }
    if (!(SUPPORTED_VOLUME_SOURCES as readonly string[]).includes(source)) {
      errs.push(fieldError.notSupported(path, source, [...SUPPORTED_VOLUME_SOURCES]));
      continue;
    }
    errs.push(...validateSupportedSource(volume, source, path.child(source)));
  }
  if (count === 0) errs.push(fieldError.required(path, 'must specify a volume type'));
  return errs;
}

function validateSupportedSource(volume: VolumeShape, source: string, path: FieldPath): FieldError[] {
  switch (source) {
    case 'emptyDir': {
      const limit = volume.emptyDir?.sizeLimit;
      const parsed = limit === undefined ? undefined : parseQuantityValue(limit);
      const negative = parsed && 'quantity' in parsed && parsed.quantity.unscaled < 0n;
      return negative ? [fieldError.forbidden(path.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity')] : [];
    }
    case 'secret': {
      const s = volume.secret!;
      const errs = s.secretName ? [] : [fieldError.required(path.child('secretName'))];
      return [...errs, ...validateFileMode(s.defaultMode, path.child('defaultMode')), ...validateItems(s.items, path.child('items'))];
    }
    case 'configMap': {
      const c = volume.configMap!;
      const errs = c.name ? [] : [fieldError.required(path.child('name'))];
      return [...errs, ...validateFileMode(c.defaultMode, path.child('defaultMode')), ...validateItems(c.items, path.child('items'))];
    }
    case 'downwardAPI': {
      const d = volume.downwardAPI!;
      const errs = validateFileMode(d.defaultMode, path.child('defaultMode'));
      for (const file of d.items ?? []) errs.push(...validateDownwardFile(file, path));
      return errs;
    }
    default:
      return validateProjected(volume.projected!, path);
  }
}

function validateItems(items: KeyToPath[] | undefined, path: FieldPath): FieldError[] {
  return (items ?? []).flatMap((item, i) => validateKeyToPath(item, path.index(i)));
}

function validateKeyToPath(item: KeyToPath, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!item.key) errs.push(fieldError.required(path.child('key')));
  if (!item.path) errs.push(fieldError.required(path.child('path')));
  errs.push(...validateLocalNonReservedPath(item.path ?? '', path.child('path')));
  errs.push(...validateFileMode(item.mode, path.child('mode')));
  return errs;
}

function validateDownwardFile(file: DownwardFile, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push(fieldError.required(path.child('path')));
  errs.push(...validateLocalNonReservedPath(file.path ?? '', path.child('path')));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_DOWNWARD_PATHS, path.child('fieldRef')));
    if (file.resourceFieldRef) errs.push(fieldError.invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (file.resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, path.child('resourceFieldRef'), true));
  } else {
    errs.push(fieldError.required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateFileMode(file.mode, path.child('mode')));
  return errs;
}

type Projected = NonNullable<VolumeShape['projected']>;

function validateProjected(projected: Projected, path: FieldPath): FieldError[] {
  const errs = validateFileMode(projected.defaultMode, path.child('defaultMode'));
  const seen = new Set<string>();
  const claim = (p: string | undefined, value: string | undefined) => {
    if (!p) return;
    if (seen.has(p)) errs.push(fieldError.invalid(path, value ?? '', 'conflicting duplicate paths'));
    else seen.add(p);
  };
  (projected.sources ?? []).forEach((source, i) => {
    const srcPath = path.child('sources').index(i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = source[kind];
      if (!ref) continue;
      count++;
      const refPath = srcPath.child(kind);
      if (!ref.name) errs.push(fieldError.required(refPath.child('name')));
      (ref.items ?? []).forEach((item, j) => {
        errs.push(...validateKeyToPath(item, refPath.child('items').index(j)));
        claim(item.path, ref.name);
      });
    }
    if (source.downwardAPI) {
      count++;
      for (const file of source.downwardAPI.items ?? []) {
        errs.push(...validateDownwardFile(file, srcPath.child('downwardAPI')));
        claim(file.path, file.path);
      }
    }
    if (source.serviceAccountToken) {
      count++;
      const token = source.serviceAccountToken;
      const expiration = token.expirationSeconds ?? 0;
      const expirationPath = srcPath.child('serviceAccountToken').child('expirationSeconds');
      if (expiration < 600) errs.push(fieldError.invalid(expirationPath, expiration, 'may not specify a duration less than 10 minutes'));
      if (expiration > 2 ** 32) errs.push(fieldError.invalid(expirationPath, expiration, 'may not specify a duration larger than 2^32 seconds'));
      if (!token.path) errs.push(fieldError.required(path.child('path')));
      else errs.push(...validateLocalNonReservedPath(token.path, path.child('path')));
    }
    if (source.clusterTrustBundle !== undefined) {
      count++;
      errs.push(fieldError.forbidden(srcPath.child('clusterTrustBundle'), 'not supported by Arca'));
    }
    if (count > 1) errs.push(fieldError.forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

