// What a configMap, secret, projected or downwardAPI volume should contain: the kubelet's
// payload computation (pkg/volume/{configmap,secret,projected,downwardapi} MakePayload/CollectData),
// done again on every remount. Writing it is the atomic writer's job.
import { decodeBase64 } from '../machinery/go-base64.js';
import { containerNotFound, containerResourceValue, extractFieldPathAsString, findContainer,
  withNodeAllocatableLimits, type ValueResult } from './downward-api.js';
import { goQuote } from '../machinery/go-format.js';
import { cleanPath, payloadPathError } from './payload-path.js';
import { objectFetchError, ownValue, type ConfigMap, type DownwardAPIVolumeFile, type KeyToPath, type NodeInfo, type ObjectLookup,
  type Pod, type Secret, type ServiceAccountTokenProjection, type Volume } from './pod-types.js';

export interface VolumeFile {
  content: Buffer;
  /** Permission bits, applied with an explicit chmod. */
  mode: number;
}

/** Relative path → file. */
export type VolumeFiles = Map<string, VolumeFile>;

/** Issues a token for the pod's service account (TokenRequest bound to the pod); throws on failure. */
export type ServiceAccountTokenSource = (audience: string, expirationSeconds: number) => string;

export interface VolumeInput {
  pod: Pod;
  volume: Volume;
  configMaps: ObjectLookup<ConfigMap>;
  secrets: ObjectLookup<Secret>;
  node: NodeInfo;
  /** Not used: volume downward API files cannot name IPs. Accepted so env and volume inputs can share a shape. */
  podIPs?: string[];
  serviceAccountToken?: ServiceAccountTokenSource;
}

export type VolumePayloadResult = { files: VolumeFiles } | { error: string };

/** The API default for every defaultMode (0644). */
export const DEFAULT_VOLUME_MODE = 0o644;
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

/** Failures collected while building one payload; rendered like utilerrors.NewAggregate. */
type Errors = string[];

/** Aggregate.Error(): duplicates dropped, one message alone, several as `[a, b]`. */
export function aggregateErrors(messages: Errors): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** Immutable objects are fetched once and never watched again. */
export function isImmutableSource(object: ConfigMap | Secret): boolean {
  return object.immutable === true;
}

export function isConfigurationVolume(volume: Volume): boolean {
  return Boolean(volume.configMap || volume.secret || volume.projected || volume.downwardAPI);
}

/** The ConfigMap and Secret names a volume reads, for registering them with the object cache. */
export function volumeReferences(volume: Volume): { configMaps: string[]; secrets: string[] } {
  const configMaps: string[] = [];
  const secrets: string[] = [];
  if (volume.configMap?.name) configMaps.push(volume.configMap.name);
  if (volume.secret?.secretName) secrets.push(volume.secret.secretName);
  for (const source of volume.projected?.sources ?? []) {
    if (source.configMap?.name) configMaps.push(source.configMap.name);
    if (source.secret?.name) secrets.push(source.secret.name);
  }
  return { configMaps, secrets };
}

/** An object's keys as file contents: ConfigMap `data` then `binaryData`, Secret `data` (both base64). */
interface KeyedContent {
  entries(): Array<[string, Buffer]>;
  get(key: string): Buffer | undefined;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const decodedEntries = (record: Record<string, string> | undefined): Array<[string, Buffer]> =>
  Object.entries(record ?? {}).map(([key, value]) => [key, decodeBase64(value)]);

function configMapContent(configMap: ConfigMap): KeyedContent {
  return {
    entries: () => [...Object.entries(configMap.data ?? {}).map(([key, text]): [string, Buffer] => [key, utf8(text)]),
      ...decodedEntries(configMap.binaryData)],
    get: (key) => {
      const text = ownValue(configMap.data, key);
      if (text !== undefined) return utf8(text);
      const binary = ownValue(configMap.binaryData, key);
      return binary === undefined ? undefined : decodeBase64(binary);
    },
  };
}

function secretContent(secret: Secret): KeyedContent {
  return {
    entries: () => decodedEntries(secret.data),
    get: (key) => {
      const encoded = ownValue(secret.data, key);
      return encoded === undefined ? undefined : decodeBase64(encoded);
    },
  };
}

/** Fetches a source object; a missing optional one reads as empty, other failures are errors. */
function fetchSource<T>(resource: 'configmap' | 'secret', lookup: ObjectLookup<T>, name: string,
  optional: boolean): { object: T | undefined } | { error: string } {
  const answer = lookup(name);
  if (answer === 'forbidden') return { error: objectFetchError(resource, name, 'forbidden') };
  if (answer === undefined && !optional) return { error: objectFetchError(resource, name, 'missing') };
  return { object: answer };
}

/** MakePayload for configMap/secret: every key, or the listed items (a missing key fails unless optional). */
function keyedPayload(content: KeyedContent, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean,
  missingKey: (key: string) => string, into: VolumeFiles): string | undefined {
  if (!items || items.length === 0) {
    for (const [key, data] of content.entries()) into.set(key, { content: data, mode: defaultMode });
    return undefined;
  }
  const files: VolumeFiles = new Map();
  for (const item of items) {
    const data = content.get(item.key);
    if (data === undefined) {
      if (optional) continue;
      return missingKey(item.key);
    }
    files.set(item.path, { content: data, mode: item.mode ?? defaultMode });
  }
  for (const [path, file] of files) into.set(path, file);
  return undefined;
}

const missingConfigKey = (key: string) => `configmap references non-existent config key: ${key}`;
const missingSecretKey = (key: string) => `references non-existent secret key: ${key}`;

interface KeyedSource {
  name: string;
  items?: KeyToPath[];
  optional: boolean;
}

function configMapPayload(input: VolumeInput, source: KeyedSource, defaultMode: number, into: VolumeFiles, errors: Errors): void {
  const fetched = fetchSource('configmap', input.configMaps, source.name, source.optional);
  if ('error' in fetched) { errors.push(fetched.error); return; }
  const content = configMapContent(fetched.object ?? {});
  const failure = keyedPayload(content, source.items, defaultMode, source.optional, missingConfigKey, into);
  if (failure) errors.push(failure);
}

function secretPayload(input: VolumeInput, source: KeyedSource, defaultMode: number, into: VolumeFiles, errors: Errors): void {
  const fetched = fetchSource('secret', input.secrets, source.name, source.optional);
  if ('error' in fetched) { errors.push(fetched.error); return; }
  const content = secretContent(fetched.object ?? {});
  const failure = keyedPayload(content, source.items, defaultMode, source.optional, missingSecretKey, into);
  if (failure) errors.push(failure);
}

/** The volume flavour of a resourceFieldRef: the named container with node-allocatable defaults. */
function volumeResourceValue(item: DownwardAPIVolumeFile, input: VolumeInput): ValueResult {
  const selector = item.resourceFieldRef!;
  const name = selector.containerName ?? '';
  const container = findContainer(input.pod, name);
  if (!container) return { error: containerNotFound(name) };
  return containerResourceValue(selector, withNodeAllocatableLimits(container, input.node.allocatable));
}

/** CollectData: one file per item, at its cleaned path; every failing item is reported. */
function downwardAPIPayload(input: VolumeInput, items: DownwardAPIVolumeFile[] | undefined, defaultMode: number,
  into: VolumeFiles, errors: Errors): void {
  for (const item of items ?? []) {
    let result: ValueResult = { value: '' };
    if (item.fieldRef) result = extractFieldPathAsString(input.pod, item.fieldRef.fieldPath);
    else if (item.resourceFieldRef) result = volumeResourceValue(item, input);
    if ('error' in result) errors.push(result.error);
    into.set(cleanPath(item.path), { content: utf8('value' in result ? result.value : ''), mode: item.mode ?? defaultMode });
  }
}

function tokenPayload(input: VolumeInput, token: ServiceAccountTokenProjection, defaultMode: number, into: VolumeFiles,
  errors: Errors): void {
  if (!input.serviceAccountToken) {
    errors.push(`cannot setup projected volume ${input.volume.name} because kube client is not configured`);
    return;
  }
  try {
    const issued = input.serviceAccountToken(token.audience ?? '', token.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS);
    into.set(token.path, { content: utf8(issued), mode: defaultMode });
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
  }
}

/** The sources in order into one payload (a later source's file replaces an earlier one at the same path). */
function collectPayload(input: VolumeInput, into: VolumeFiles, errors: Errors): void {
  const { volume } = input;
  if (volume.configMap) {
    const { name = '', items, defaultMode = DEFAULT_VOLUME_MODE, optional = false } = volume.configMap;
    configMapPayload(input, { name, items, optional }, defaultMode, into, errors);
  } else if (volume.secret) {
    const { secretName = '', items, defaultMode = DEFAULT_VOLUME_MODE, optional = false } = volume.secret;
    secretPayload(input, { name: secretName, items, optional }, defaultMode, into, errors);
  } else if (volume.downwardAPI) {
    downwardAPIPayload(input, volume.downwardAPI.items, volume.downwardAPI.defaultMode ?? DEFAULT_VOLUME_MODE, into, errors);
  } else if (volume.projected) {
    const defaultMode = volume.projected.defaultMode ?? DEFAULT_VOLUME_MODE;
    for (const source of volume.projected.sources ?? []) {
      if (source.secret) {
        const { name = '', items, optional = false } = source.secret;
        secretPayload(input, { name, items, optional }, defaultMode, into, errors);
      } else if (source.configMap) {
        const { name = '', items, optional = false } = source.configMap;
        configMapPayload(input, { name, items, optional }, defaultMode, into, errors);
      } else if (source.downwardAPI) {
        downwardAPIPayload(input, source.downwardAPI.items, defaultMode, into, errors);
      } else if (source.serviceAccountToken) {
        tokenPayload(input, source.serviceAccountToken, defaultMode, into, errors);
      }
    }
  } else {
    errors.push(`volume ${goQuote(volume.name)} is not a configMap, secret, projected or downwardAPI volume`);
  }
}

/**
 * The files a volume should hold, or the error the mount fails with (reported by the kubelet as
 * `MountVolume.SetUp failed for volume "<name>" : <error>`). Paths come out cleaned and checked
 * by the atomic writer's rules.
 */
export function volumePayload(input: VolumeInput): VolumePayloadResult {
  const raw: VolumeFiles = new Map();
  const errors: Errors = [];
  collectPayload(input, raw, errors);
  if (errors.length > 0) return { error: aggregateErrors(errors) };
  const files: VolumeFiles = new Map();
  for (const [path, file] of raw) {
    const invalid = payloadPathError(path);
    if (invalid) return { error: invalid };
    files.set(cleanPath(path), file);
  }
  return { files };
}
