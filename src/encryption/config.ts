// Loading the encryption configuration file (`--encryption-provider-config`), in Kubernetes'
// EncryptionConfiguration format (apiserver.config.k8s.io/v1, YAML or JSON), with the steps and
// error texts of kube-apiserver's loadConfig: read, decode strictly, validate. Arca adds the
// arcaEnvelope provider and does not run KMS plugins.
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { aggregateMessage } from '../machinery/field-errors.js';
import { goQuote } from '../machinery/go-format.js';
import { goJsonTypeError } from '../machinery/go-json/type-errors.js';
import { interpretTypeMeta } from '../machinery/go-json/type-meta.js';
import { unknownFields } from '../machinery/schema-fields.js';
import { EncryptionConfigurationSchema } from './config-schema.js';
import { validateEncryptionConfiguration } from './config-validation.js';
import type { KeyedProviderField } from './providers/catalog.js';

export const ENCRYPTION_CONFIG_GROUP = 'apiserver.config.k8s.io';
export const ENCRYPTION_CONFIG_VERSION = 'v1';
export const ENCRYPTION_CONFIG_KIND = 'EncryptionConfiguration';

export interface EncryptionKey {
  name: string;
  /** The key, base64-encoded. */
  secret: string;
}

export interface KeysConfiguration {
  keys: EncryptionKey[];
}

export interface KmsConfiguration {
  apiVersion?: string;
  name?: string;
  cachesize?: number;
  endpoint?: string;
  timeout?: string;
}

/** One entry of a providers list; exactly one field is meant to be set. */
export type ProviderConfiguration = Partial<Record<KeyedProviderField, KeysConfiguration>> & {
  identity?: Record<string, never>;
  kms?: KmsConfiguration;
};

export interface ResourceConfiguration {
  /** `secrets`, `deployments.apps`, `*.` (the core group), `*.<group>`, `*.*`. */
  resources: string[];
  /** The first writes; all of them read, in order. */
  providers: ProviderConfiguration[];
}

export interface EncryptionConfiguration {
  apiVersion: string;
  kind: string;
  resources: ResourceConfiguration[];
}

/** A configuration that cannot be used; the message is kube-apiserver's. */
export class EncryptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionConfigError';
  }
}

/** Reads, decodes and validates the file, failing as LoadEncryptionConfig does (`error while parsing file: …`). */
export async function loadEncryptionConfig(path: string): Promise<EncryptionConfiguration> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw parsingError(`error while loading file: error reading encryption provider configuration file ${goQuote(path)}: ${goFileError(path, error)}`);
  }
  if (data.length === 0) {
    throw parsingError(`error while loading file: encryption provider configuration file ${goQuote(path)} is empty`);
  }
  return parseEncryptionConfig(data.toString('utf8'), path);
}

/** Decodes and validates the file's contents; `path` only names the file in errors. */
export function parseEncryptionConfig(text: string, path: string): EncryptionConfiguration {
  const decoded = decode(text);
  if ('error' in decoded) throw parsingError(`error decoding encryption provider configuration file ${goQuote(path)}: ${decoded.error}`);
  const problems = validateEncryptionConfiguration(decoded.config);
  if (problems.length > 0) throw parsingError(aggregateMessage(problems));
  return decoded.config;
}

const parsingError = (message: string) => new EncryptionConfigError(`error while parsing file: ${message}`);

/** os.ReadFile's error text (a *PathError) for the usual failures. */
function goFileError(path: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT': return `open ${path}: no such file or directory`;
    case 'EACCES': return `open ${path}: permission denied`;
    case 'ENOTDIR': return `open ${path}: not a directory`;
    case 'EISDIR': return `read ${path}: is a directory`;
    default: return `open ${path}: ${(error as Error).message}`;
  }
}

/** The codec's steps: YAML to JSON, apiVersion/kind, the registered type, then strict typed decoding. */
function decode(text: string): { config: EncryptionConfiguration } | { error: string } {
  let value: unknown;
  try {
    value = parseFirstYamlDocument(text);
  } catch (error) {
    return { error: `error converting YAML to JSON: ${yamlErrorText(error as Error)}` };
  }
  const typeMeta = interpretTypeMeta(value);
  if ('error' in typeMeta) return { error: typeMeta.error };
  if (!typeMeta.kind) return { error: `Object 'Kind' is missing in '${text}'` };
  if (!typeMeta.version) return { error: `Object 'apiVersion' is missing in '${text}'` };
  if (typeMeta.group !== ENCRYPTION_CONFIG_GROUP || typeMeta.version !== ENCRYPTION_CONFIG_VERSION || typeMeta.kind !== ENCRYPTION_CONFIG_KIND) {
    const groupVersion = typeMeta.group ? `${typeMeta.group}/${typeMeta.version}` : typeMeta.version;
    return { error: `no kind ${goQuote(typeMeta.kind)} is registered for version ${goQuote(groupVersion)} in scheme ${goQuote(SCHEME_NAME)}` };
  }
  const typeError = goJsonTypeError(EncryptionConfigurationSchema, ENCRYPTION_CONFIG_KIND, value);
  if (typeError) return { error: typeError };
  const unknown = unknownFields(EncryptionConfigurationSchema, value);
  if (unknown.length > 0) return { error: `strict decoding error: ${unknown.map((field) => `unknown field ${goQuote(field)}`).join(', ')}` };
  return { config: normalize(value as RawConfiguration) };
}

/** The name kube-apiserver's config scheme reports itself by (where encryptionconfig creates it). */
const SCHEME_NAME = 'k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go:130';

/** sigs.k8s.io/yaml reads the first document with YAML 1.1 rules (yes/no booleans, 0777 octal). */
function parseFirstYamlDocument(text: string): unknown {
  const [document] = YAML.parseAllDocuments(text, { version: '1.1' });
  if (!document) return null;
  if (document.errors.length > 0) throw document.errors[0]!;
  return document.toJS();
}

/** go-yaml's shape, `yaml: line N: <problem>` (the problem in the words of the yaml package). */
function yamlErrorText(error: Error): string {
  const line = error instanceof YAML.YAMLError ? error.linePos?.[0].line : undefined;
  const problem = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return line === undefined ? `yaml: ${problem}` : `yaml: line ${line}: ${problem}`;
}

// The decoded JSON once types are checked: any value may still be null, which Go decodes as the zero value.
type Nullable<T> = { [K in keyof T]?: T[K] | null };
type RawKey = Nullable<EncryptionKey> | null;
type RawProvider = Nullable<Record<KeyedProviderField, Nullable<{ keys: RawKey[] }>> & { identity: object; kms: KmsConfiguration }> | null;
type RawConfiguration = Nullable<{ apiVersion: string; kind: string; resources: Array<Nullable<{ resources: Array<string | null>; providers: RawProvider[] }> | null> }>;

const KEYED_FIELDS: readonly KeyedProviderField[] = ['aesgcm', 'aescbc', 'secretbox', 'arcaEnvelope'];

function normalize(raw: RawConfiguration): EncryptionConfiguration {
  return {
    apiVersion: raw.apiVersion ?? '',
    kind: raw.kind ?? '',
    resources: (raw.resources ?? []).map((entry) => ({
      resources: (entry?.resources ?? []).map((resource) => resource ?? ''),
      providers: (entry?.providers ?? []).map(normalizeProvider),
    })),
  };
}

/** A null provider field is an unset pointer in Go: `identity: {}` selects identity, `identity:` alone does not. */
function normalizeProvider(raw: RawProvider): ProviderConfiguration {
  const provider: ProviderConfiguration = {};
  for (const field of KEYED_FIELDS) {
    const keyed = raw?.[field];
    if (keyed) provider[field] = { keys: (keyed.keys ?? []).map((key) => ({ name: key?.name ?? '', secret: key?.secret ?? '' })) };
  }
  if (raw?.identity) provider.identity = {};
  if (raw?.kms) provider.kms = raw.kms;
  return provider;
}
