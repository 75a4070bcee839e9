// The ServiceAccount admission plugin for Pod create (plugin/pkg/admission/serviceaccount), as a
// pure function for the pods registry to call: default the service account, require it to exist,
// mount an API access volume, copy image pull secrets, and (when the service account asks for it)
// refuse secrets it does not list.
import { generateName } from '../registry/names.js';
import { errors, type StatusError } from '../machinery/status.js';
import type { ObjectMeta } from '../machinery/object.js';
import { ROOT_CA_CONFIGMAP } from '../controllers/root-ca-publisher.js';
import { WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS } from './service-account-claims.js';

export const DEFAULT_SERVICE_ACCOUNT_NAME = 'default';
export const ENFORCE_MOUNTABLE_SECRETS_ANNOTATION = 'kubernetes.io/enforce-mountable-secrets';
export const API_ACCESS_VOLUME_PREFIX = 'kube-api-access-';
export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Projected volumes default to 0644. */
const PROJECTED_DEFAULT_MODE = 0o644;

/** The parts of a Pod this plugin reads and writes (other fields pass through). */
export interface AdmissionContainer {
  name: string;
  env?: { name: string; valueFrom?: { secretKeyRef?: { name?: string } } }[];
  envFrom?: { secretRef?: { name?: string } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  [field: string]: unknown;
}

export interface AdmissionPod {
  metadata: ObjectMeta;
  spec: {
    serviceAccountName?: string;
    automountServiceAccountToken?: boolean;
    imagePullSecrets?: { name?: string }[];
    containers: AdmissionContainer[];
    initContainers?: AdmissionContainer[];
    volumes?: ({ name: string; secret?: { secretName?: string } } & Record<string, unknown>)[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

export interface AdmissionServiceAccount {
  metadata: ObjectMeta;
  secrets?: { name?: string }[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

export interface ServiceAccountAdmissionOptions {
  /** The five characters after `kube-api-access-` (random by default). */
  volumeSuffix?: () => string;
}

/** The projected volume source of every auto-mounted API access volume (TokenVolumeSource). */
export function apiAccessVolumeSource(): Record<string, unknown> {
  return {
    sources: [
      { serviceAccountToken: { expirationSeconds: WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
    defaultMode: PROJECTED_DEFAULT_MODE,
  };
}

/**
 * Admits a Pod being created in `pod.metadata.namespace`, given its service account as looked up
 * (undefined: not found). Returns the mutated copy, or the 403 to answer.
 */
export function serviceAccountAdmission<P extends AdmissionPod>(
  pod: P, serviceAccount: AdmissionServiceAccount | undefined, options: ServiceAccountAdmissionOptions = {},
): P | StatusError {
  const admitted = structuredClone(pod);
  const namespace = admitted.metadata.namespace ?? '';
  const forbidden = (message: string) => errors.forbidden({ group: '', resource: 'pods' }, admitted.metadata.name ?? '', message);
  if (!admitted.spec.serviceAccountName) admitted.spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT_NAME;
  const saName = admitted.spec.serviceAccountName;
  if (!serviceAccount) {
    return forbidden(`error looking up service account ${namespace}/${saName}: serviceaccount "${saName}" not found`);
  }
  if (shouldAutomount(serviceAccount, admitted)) {
    mountApiAccessVolume(admitted, options.volumeSuffix ?? (() => generateName('')));
  }
  if (!admitted.spec.imagePullSecrets?.length) {
    admitted.spec.imagePullSecrets = (serviceAccount.imagePullSecrets ?? []).map((s) => ({ name: s.name }));
  }
  if (enforcesMountableSecrets(serviceAccount)) {
    const refusal = unlistedSecretReference(serviceAccount, admitted);
    if (refusal) return forbidden(refusal);
  }
  return admitted;
}

/** The pod's choice wins, then the service account's; default true. */
export function shouldAutomount(sa: AdmissionServiceAccount, pod: AdmissionPod): boolean {
  return pod.spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
}

function enforcesMountableSecrets(sa: AdmissionServiceAccount): boolean {
  const value = sa.metadata.annotations?.[ENFORCE_MOUNTABLE_SECRETS_ANNOTATION];
  // strconv.ParseBool's true spellings.
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** Mounts the API access volume (read-only) in every container without a mount at the token path. */
function mountApiAccessVolume(pod: AdmissionPod, suffix: () => string): void {
  const existing = (pod.spec.volumes ?? []).find((v) => v.name.startsWith(API_ACCESS_VOLUME_PREFIX));
  const volumeName = existing?.name ?? `${API_ACCESS_VOLUME_PREFIX}${suffix()}`;
  let needsVolume = false;
  for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    if ((container.volumeMounts ?? []).some((m) => m.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
    container.volumeMounts = [...(container.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }];
    needsVolume = true;
  }
  if (!existing && needsVolume) {
    pod.spec.volumes = [...(pod.spec.volumes ?? []), { name: volumeName, projected: apiAccessVolumeSource() }];
  }
}

/** The first reference to a secret the service account does not list, worded as Kubernetes refuses it. */
function unlistedSecretReference(sa: AdmissionServiceAccount, pod: AdmissionPod): string | undefined {
  const saName = sa.metadata.name ?? '';
  const mountable = new Set((sa.secrets ?? []).map((s) => s.name ?? ''));
  const notListed = `is not allowed because service account ${saName} does not reference that secret`;
  for (const volume of pod.spec.volumes ?? []) {
    if (volume.secret && !mountable.has(volume.secret.secretName ?? '')) {
      return `volume with secret.secretName="${volume.secret.secretName ?? ''}" ${notListed}`;
    }
  }
  const groups: [string, AdmissionContainer[]][] = [['init container', pod.spec.initContainers ?? []], ['container', pod.spec.containers]];
  for (const [what, containers] of groups) {
    for (const container of containers) {
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (ref && !mountable.has(ref.name ?? '')) {
          return `${what} ${container.name} with envVar ${env.name} referencing secret.secretName="${ref.name ?? ''}" ${notListed}`;
        }
      }
      for (const envFrom of container.envFrom ?? []) {
        const ref = envFrom.secretRef;
        if (ref && !mountable.has(ref.name ?? '')) {
          return `${what} ${container.name} with envFrom referencing secret.secretName="${ref.name ?? ''}" ${notListed}`;
        }
      }
    }
  }
  const pullSecrets = new Set((sa.imagePullSecrets ?? []).map((s) => s.name ?? ''));
  for (const [i, ref] of (pod.spec.imagePullSecrets ?? []).entries()) {
    if (!pullSecrets.has(ref.name ?? '')) {
      return `imagePullSecrets[${i}].name="${ref.name ?? ''}" is not allowed because service account ${saName} does not reference that imagePullSecret`;
    }
  }
  return undefined;
}

