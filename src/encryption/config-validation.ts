// ValidateEncryptionConfiguration (apiserver/pkg/apis/apiserver/validation/validation_encryption.go):
// the same checks in the same order with the same texts, over Arca's providers. KMS plugins are not
// validated here: Arca refuses them when it builds the transformers.
import { decodeBase64, goBase64ErrorOffset } from '../machinery/go-base64.js';
import { FieldPath, fieldError, type FieldError } from '../machinery/field-errors.js';
import type { EncryptionKey, ProviderConfiguration, ResourceConfiguration, EncryptionConfiguration } from './config.js';
import { ANY_GROUP_ANY_RESOURCE, parseGroupResource, sameGroupResource } from './group-resource.js';
import { KEYED_PROVIDERS, type KeyedProvider } from './providers/catalog.js';

const atLeastOneRequired = (what: string) => `at least one ${what} is required`;

export function validateEncryptionConfiguration(config: EncryptionConfiguration): FieldError[] {
  const root = FieldPath.root('resources');
  if (config.resources.length === 0) return [fieldError.required(root, atLeastOneRequired(String(root)))];
  const errors: FieldError[] = [];
  config.resources.forEach((entry, i) => errors.push(...validateResourceConfiguration(entry, root.index(i))));
  return errors;
}

function validateResourceConfiguration(entry: ResourceConfiguration, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const resourcesPath = path.child('resources');
  const providersPath = path.child('providers');
  if (entry.resources.length === 0) errors.push(fieldError.required(resourcesPath, atLeastOneRequired(String(resourcesPath))));
  errors.push(...validateResourceOverlap(entry.resources, resourcesPath));
  errors.push(...validateResourceNames(entry.resources, resourcesPath));
  if (entry.providers.length === 0) errors.push(fieldError.required(providersPath, atLeastOneRequired(String(providersPath))));
  entry.providers.forEach((provider, j) => {
    const providerPath = providersPath.index(j);
    errors.push(...validateSingleProvider(provider, providerPath));
    // Upstream's switch order: the first provider set is the one whose keys are checked.
    if (provider.kms) return;
    const keyed = KEYED_PROVIDERS.find((p) => provider[p.field]);
    if (keyed) errors.push(...validateKeys(provider[keyed.field]!.keys, providerPath.child(keyed.field).child('keys'), keyed));
  });
  return errors;
}

/** Duplicates, and wildcards that would mask another entry of the same list (upstream's loop, quirks included). */
function validateResourceOverlap(resources: string[], path: FieldPath): FieldError[] {
  if (resources.length < 2) return [];
  const parsed = resources.map(parseGroupResource);
  let hasOverlap = false;
  let hasDuplicate = false;
  parsed.forEach((r1, i) => parsed.forEach((r2, j) => {
    if (i === j) return;
    if (sameGroupResource(r1, r2) && !hasDuplicate) {
      hasDuplicate = true;
      return;
    }
    if (hasOverlap) return;
    if (sameGroupResource(r1, ANY_GROUP_ANY_RESOURCE)) hasOverlap = true;
    else if (r1.group === r2.group && (r1.resource === '*' || r2.resource === '*')) hasOverlap = true;
  }));
  const errors: FieldError[] = [];
  if (hasDuplicate) errors.push(fieldError.invalid(path, resources, 'the same resource cannot be specified multiple times'));
  if (hasOverlap) {
    errors.push(fieldError.invalid(path, resources,
      "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked"));
  }
  return errors;
}

const NON_REST_RESOURCES = new Set(['apiserveripinfo', 'serviceipallocations', 'servicenodeportallocations']);

function validateResourceNames(resources: string[], path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  resources.forEach((resource, j) => {
    const detail = resourceNameProblem(resource);
    if (detail) errors.push(fieldError.invalid(path.index(j), resource, detail));
  });
  return errors;
}

function resourceNameProblem(resource: string): string | undefined {
  if (resource.toLowerCase() !== resource) return 'resource name should not contain capital letters';
  if (resource === '*') return "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources";
  if (NON_REST_RESOURCES.has(resource)) return 'resources which do not have REST API/s cannot be encrypted';
  const gr = parseGroupResource(resource);
  if (gr.group === 'events.k8s.io') {
    return "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file";
  }
  if (gr.group === 'extensions') return "'extensions' group has been removed and cannot be used for encryption";
  if (gr.group === '*' && gr.resource !== '*') return 'encrypting the same resource across groups is not supported';
  return undefined;
}

function validateSingleProvider(provider: ProviderConfiguration, path: FieldPath): FieldError[] {
  const found = [provider.kms, provider.identity, ...KEYED_PROVIDERS.map((p) => provider[p.field])].filter(Boolean).length;
  if (found === 0) {
    return [invalidProvider(path, provider, 'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity')];
  }
  if (found > 1) {
    return [invalidProvider(path, provider, 'more than one provider specified in a single element, should split into different list elements')];
  }
  return [];
}

/**
 * field.Invalid with the provider as value, which Go prints with %#v. Set pointers print as
 * addresses, which differ per process; Arca prints a fixed one.
 */
function invalidProvider(path: FieldPath, provider: ProviderConfiguration, detail: string): FieldError {
  const pointer = (type: string, set: unknown) => `(*apiserver.${type})(${set ? '0xc000000000' : 'nil'})`;
  const fields = [
    `AESGCM:${pointer('AESConfiguration', provider.aesgcm)}`,
    `AESCBC:${pointer('AESConfiguration', provider.aescbc)}`,
    `Secretbox:${pointer('SecretboxConfiguration', provider.secretbox)}`,
    `Identity:${pointer('IdentityConfiguration', provider.identity)}`,
    `KMS:${pointer('KMSConfiguration', provider.kms)}`,
    ...(provider.arcaEnvelope ? [`ArcaEnvelope:${pointer('ArcaEnvelopeConfiguration', provider.arcaEnvelope)}`] : []),
  ];
  return { type: 'FieldValueInvalid', field: String(path), body: `Invalid value: apiserver.ProviderConfiguration{${fields.join(', ')}}: ${detail}` };
}

function validateKeys(keys: EncryptionKey[], path: FieldPath, provider: KeyedProvider): FieldError[] {
  if (keys.length === 0) return [fieldError.required(path, atLeastOneRequired('keys'))];
  return keys.flatMap((key, i) => validateKey(key, path.index(i), provider.keySizes));
}

function validateKey(key: EncryptionKey, path: FieldPath, keySizes: readonly number[]): FieldError[] {
  const errors: FieldError[] = [];
  if (key.name === '') errors.push(fieldError.required(path.child('name'), 'name is a mandatory field for a key'));
  const secretPath = path.child('secret');
  if (key.secret === '') return [...errors, fieldError.required(secretPath, 'secret is a mandatory field for a key')];
  // The value is never echoed: it is the key.
  if (goBase64ErrorOffset(key.secret) >= 0) return [...errors, fieldError.invalid(secretPath, 'REDACTED', 'secrets must be base64 encoded')];
  const size = decodeBase64(key.secret).length;
  if (!keySizes.includes(size)) {
    errors.push(fieldError.invalid(secretPath, 'REDACTED', `secret is not of the expected length, got ${size}, expected one of [${keySizes.join(' ')}]`));
  }
  return errors;
}
