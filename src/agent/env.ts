// A container's environment as the kubelet builds it at each container start
// (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables): envFrom sources in order, then env
// entries in order (literal values $(VAR)-expanded against what came before), then service links.
import { isIPv4, isIPv6 } from 'node:net';
import { decodeBase64 } from '../machinery/go-base64.js';
import { containerNotFound, containerResourceValue, extractFieldPathAsString, findContainer,
  splitSubscriptedPath, withNodeAllocatableLimits, type ValueResult } from './downward-api.js';
import { expand, mappingFuncFor } from './expansion.js';
import { objectFetchError, ownValue, type ConfigMap, type Container, type EnvVar, type NodeInfo, type ObjectFieldSelector,
  type ObjectLookup, type Pod, type ResourceFieldSelector, type Secret } from './pod-types.js';

export interface EnvironmentInput {
  pod: Pod;
  container: Container;
  configMaps: ObjectLookup<ConfigMap>;
  secrets: ObjectLookup<Secret>;
  node: NodeInfo;
  /** The pod sandbox's IPs, in any order. */
  podIPs: string[];
  /** Service-link variables (`KUBERNETES_SERVICE_HOST`, …); the lowest precedence. */
  serviceEnv?: Record<string, string>;
}

export interface ContainerConfigError {
  reason: 'CreateContainerConfigError';
  message: string;
}

export type EnvironmentResult = { env: Record<string, string> } | { error: ContainerConfigError };

/** Thrown inside resolution and turned into the result's error: the first failure aborts. */
class EnvironmentError extends Error {}

/** A per-call cache of fetched objects, as the kubelet keeps within one makeEnvironmentVariables. */
function cachedFetcher<T>(resource: 'configmap' | 'secret', lookup: ObjectLookup<T>) {
  const fetched = new Map<string, T>();
  /** The object, or undefined when it is missing and optional (the caller skips it). */
  return (name: string, optional: boolean): T | undefined => {
    const cached = fetched.get(name);
    if (cached !== undefined) return cached;
    const answer = lookup(name);
    if (answer === undefined) {
      if (optional) return undefined;
      throw new EnvironmentError(objectFetchError(resource, name, 'missing'));
    }
    // Only "not found" is excused by optional: other failures stop the container.
    if (answer === 'forbidden') throw new EnvironmentError(objectFetchError(resource, name, 'forbidden'));
    fetched.set(name, answer);
    return answer;
  };
}

const secretString = (base64: string) => decodeBase64(base64).toString('utf8');

const orThrow = (result: ValueResult): string => {
  if ('error' in result) throw new EnvironmentError(result.error);
  return result.value;
};

function isIPv4Address(ip: string): boolean {
  // Go treats IPv4-mapped IPv6 addresses as IPv4.
  return isIPv4(ip) || (isIPv6(ip) && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip));
}

/** sortPodIPs: the first IP of the node's preferred family, then the first of the other family. */
export function sortPodIPs(podIPs: string[], nodeIPs: string[]): string[] {
  const preferV4 = nodeIPs.length === 0 || isIPv4Address(nodeIPs[0]!);
  const v4 = podIPs.find(isIPv4Address);
  const v6 = podIPs.find((ip) => isIPv6(ip) && !isIPv4Address(ip));
  return (preferV4 ? [v4, v6] : [v6, v4]).filter((ip): ip is string => ip !== undefined);
}

const ENV_FIELD_PATHS = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid',
  'spec.nodeName', 'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName',
  'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
]);

/** ConvertDownwardAPIFieldLabel: the internal field path for a v1 selector, or the kubelet's error. */
function internalFieldPath(selector: ObjectFieldSelector): ValueResult {
  const version = selector.apiVersion || 'v1';
  if (version !== 'v1') return { error: `unsupported pod version: ${version}` };
  const label = selector.fieldPath;
  const subscripted = splitSubscriptedPath(label);
  if (subscripted) {
    return subscripted.path === 'metadata.annotations' || subscripted.path === 'metadata.labels'
      ? { value: label }
      : { error: `field label does not support subscript: ${label}` };
  }
  // `spec.host` is what old v1 clients sent for the node name.
  if (label === 'spec.host') return { value: 'spec.nodeName' };
  return ENV_FIELD_PATHS.has(label) ? { value: label } : { error: `field label not supported: ${label}` };
}

function hostIPs(node: NodeInfo): string[] {
  if (node.hostIPs.length === 0) throw new EnvironmentError('host IP unknown; known addresses: []');
  return node.hostIPs;
}

/** podFieldSelectorRuntimeValue: a fieldRef's value for env. */
function podFieldValue(selector: ObjectFieldSelector, input: EnvironmentInput): string {
  const path = orThrow(internalFieldPath(selector));
  const podIPs = sortPodIPs(input.podIPs, input.node.hostIPs);
  switch (path) {
    case 'spec.nodeName': return input.pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return input.pod.spec.serviceAccountName ?? '';
    case 'status.hostIP': return hostIPs(input.node)[0]!;
    case 'status.hostIPs': return hostIPs(input.node).join(',');
    case 'status.podIP': return podIPs[0] ?? '';
    case 'status.podIPs': return podIPs.join(',');
  }
  return orThrow(extractFieldPathAsString(input.pod, path));
}

/**
 * containerResourceRuntimeValue after defaultPodLimitsForDownwardAPI: the current container, or the
 * named one, with unset limits taken from the node. Only regular containers get node defaults there.
 */
function resourceFieldValue(selector: ResourceFieldSelector, input: EnvironmentInput): string {
  const { allocatable } = input.node;
  if (!selector.containerName) return orThrow(containerResourceValue(selector, withNodeAllocatableLimits(input.container, allocatable)));
  const named = findContainer(input.pod, selector.containerName);
  if (!named) throw new EnvironmentError(containerNotFound(selector.containerName));
  const isRegular = input.pod.spec.containers.includes(named);
  return orThrow(containerResourceValue(selector, isRegular ? withNodeAllocatableLimits(named, allocatable) : named));
}

/** makeEnvironmentVariables: the container's final environment, or the error that stops it starting. */
export function resolveEnvironment(input: EnvironmentInput): EnvironmentResult {
  try {
    return { env: Object.fromEntries(buildEnvironment(input)) };
  } catch (e) {
    if (e instanceof EnvironmentError) return { error: { reason: 'CreateContainerConfigError', message: e.message } };
    throw e;
  }
}

function buildEnvironment(input: EnvironmentInput): Map<string, string> {
  const { pod, container } = input;
  const namespace = pod.metadata.namespace ?? '';
  const serviceEnv = input.serviceEnv ?? {};
  const configMap = cachedFetcher('configmap', input.configMaps);
  const secret = cachedFetcher('secret', input.secrets);
  const env = new Map<string, string>();

  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.configMapRef) {
      const found = configMap(source.configMapRef.name ?? '', source.configMapRef.optional === true);
      // binaryData is never exposed as environment.
      for (const [key, value] of Object.entries(found?.data ?? {})) env.set(prefix + key, value);
    } else if (source.secretRef) {
      const found = secret(source.secretRef.name ?? '', source.secretRef.optional === true);
      for (const [key, value] of Object.entries(found?.data ?? {})) env.set(prefix + key, secretString(value));
    }
  }

  // References see the variables resolved so far (this map, as it grows), then service links.
  const mapping = mappingFuncFor(env, serviceEnv);
  for (const variable of container.env ?? []) {
    const value = envVarValue(variable, input, namespace, mapping, configMap, secret);
    if (value !== undefined) env.set(variable.name, value);
  }

  for (const [name, value] of Object.entries(serviceEnv)) if (!env.has(name)) env.set(name, value);
  return env;
}

/** One env entry's value, or undefined when an optional reference is missing (the variable is left out). */
function envVarValue(variable: EnvVar, input: EnvironmentInput, namespace: string, mapping: (name: string) => string,
  configMap: (name: string, optional: boolean) => ConfigMap | undefined,
  secret: (name: string, optional: boolean) => Secret | undefined): string | undefined {
  if (variable.value) return expand(variable.value, mapping);
  const from = variable.valueFrom;
  if (!from) return '';
  if (from.fieldRef) return podFieldValue(from.fieldRef, input);
  if (from.resourceFieldRef) return resourceFieldValue(from.resourceFieldRef, input);
  if (from.configMapKeyRef) {
    const { name = '', key, optional = false } = from.configMapKeyRef;
    const found = configMap(name, optional);
    if (!found) return undefined;
    const value = ownValue(found.data, key);
    if (value !== undefined) return value;
    if (optional) return undefined;
    throw new EnvironmentError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional = false } = from.secretKeyRef;
    const found = secret(name, optional);
    if (!found) return undefined;
    const value = ownValue(found.data, key);
    if (value !== undefined) return secretString(value);
    if (optional) return undefined;
    throw new EnvironmentError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
  }
  return '';
}

/** ExpandContainerCommandAndArgs: command and args expanded against the final environment. */
export function expandCommand(command: string[] | undefined, args: string[] | undefined,
  env: Record<string, string>): { command: string[]; args: string[] } {
  const mapping = mappingFuncFor(env);
  return { command: (command ?? []).map((c) => expand(c, mapping)), args: (args ?? []).map((a) => expand(a, mapping)) };
}

/**
 * ExpandContainerVolumeMounts: a subPathExpr expanded against the final environment, where an
 * undefined or empty variable is an error rather than literal text.
 */
export function expandSubPathExpr(expression: string, env: Record<string, string>): { path: string } | { error: string } {
  const missing = new Set<string>();
  const path = expand(expression, (name) => {
    const value = Object.hasOwn(env, name) ? env[name]! : '';
    if (value === '') missing.add(name);
    return value;
  });
  if (missing.size > 0) return { error: `missing value for ${[...missing].sort().join(', ')}` };
  return { path };
}
