// The parts of core/v1 Pod, ConfigMap and Secret the node agent reads, in their JSON wire shape.
// Only what configuration delivery needs is declared; other fields pass through untyped.
import { goQuote } from '../machinery/go-format.js';
import type { ObjectMeta } from '../machinery/object.js';

/** A resource.Quantity on the wire: normally a string (`250m`), sometimes a bare JSON number. */
export type QuantityValue = string | number;

export type ResourceList = Record<string, QuantityValue>;

export interface ResourceRequirements {
  limits?: ResourceList;
  requests?: ResourceList;
}

export interface ObjectFieldSelector {
  /** Defaults to `v1`. */
  apiVersion?: string;
  fieldPath: string;
}

export interface ResourceFieldSelector {
  /** Optional for env (the current container), required for volumes. */
  containerName?: string;
  resource: string;
  /** Defaults to `1`. */
  divisor?: QuantityValue;
}

export interface KeySelector {
  name?: string;
  key: string;
  optional?: boolean;
}

export interface EnvVarSource {
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  configMapKeyRef?: KeySelector;
  secretKeyRef?: KeySelector;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}

export interface ObjectReferenceWithOptional {
  name?: string;
  optional?: boolean;
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: ObjectReferenceWithOptional;
  secretRef?: ObjectReferenceWithOptional;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
  subPathExpr?: string;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
}

export interface KeyToPath {
  key: string;
  path: string;
  /** Decimal on the wire: 420 is 0644. */
  mode?: number;
}

export interface ConfigMapVolumeSource {
  name?: string;
  items?: KeyToPath[];
  defaultMode?: number;
  optional?: boolean;
}

export interface SecretVolumeSource {
  secretName?: string;
  items?: KeyToPath[];
  defaultMode?: number;
  optional?: boolean;
}

export interface DownwardAPIVolumeFile {
  path: string;
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  mode?: number;
}

export interface DownwardAPIVolumeSource {
  items?: DownwardAPIVolumeFile[];
  defaultMode?: number;
}

export interface ConfigMapProjection {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
}

export interface SecretProjection {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
}

export interface DownwardAPIProjection {
  items?: DownwardAPIVolumeFile[];
}

export interface ServiceAccountTokenProjection {
  /** Empty means the API server's default audiences. */
  audience?: string;
  /** Defaults to 3600. */
  expirationSeconds?: number;
  path: string;
}

export interface VolumeProjection {
  configMap?: ConfigMapProjection;
  secret?: SecretProjection;
  downwardAPI?: DownwardAPIProjection;
  serviceAccountToken?: ServiceAccountTokenProjection;
}

export interface ProjectedVolumeSource {
  sources?: VolumeProjection[];
  defaultMode?: number;
}

export interface EmptyDirVolumeSource {
  medium?: string;
  sizeLimit?: QuantityValue;
}

export interface Volume {
  name: string;
  emptyDir?: EmptyDirVolumeSource;
  configMap?: ConfigMapVolumeSource;
  secret?: SecretVolumeSource;
  projected?: ProjectedVolumeSource;
  downwardAPI?: DownwardAPIVolumeSource;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  nodeName?: string;
  serviceAccountName?: string;
  enableServiceLinks?: boolean;
  /** Always (default), OnFailure or Never. */
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
}

export interface PodIP {
  ip: string;
}

export interface PodStatus {
  phase?: string;
  hostIP?: string;
  hostIPs?: PodIP[];
  podIP?: string;
  podIPs?: PodIP[];
}

export interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: PodStatus;
}

export interface ConfigMap {
  metadata?: ObjectMeta;
  data?: Record<string, string>;
  /** Base64 on the wire. */
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

export interface Secret {
  metadata?: ObjectMeta;
  /** Base64 on the wire. */
  data?: Record<string, string>;
  type?: string;
  immutable?: boolean;
}

/**
 * How the agent's ConfigMap/Secret cache answers a lookup in the pod's namespace:
 * the object, `undefined` when it does not exist, or `'forbidden'` when the agent may not read it.
 */
export type ObjectLookup<T> = (name: string) => T | undefined | 'forbidden';

/**
 * How a failed lookup reads in kubelet messages. The default Watch-strategy managers name the
 * resource in the singular (`configmap "x" not found`); an object they may not list never syncs.
 */
export function objectFetchError(resource: 'configmap' | 'secret', name: string, answer: 'missing' | 'forbidden'): string {
  return answer === 'missing'
    ? `${resource} ${goQuote(name)} not found`
    : `failed to sync ${resource} cache: timed out waiting for the condition`;
}

/** What the agent knows about its node. */
export interface NodeInfo {
  /** Node allocatable quantities, e.g. `{ cpu: '2', memory: '8Gi', 'ephemeral-storage': '100Gi' }`. */
  allocatable: ResourceList;
  /** Node addresses, preferred family first. */
  hostIPs: string[];
}

/** Own-property lookup: a data key named `constructor` or `__proto__` must not reach Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
