// Encryption at rest as a ValueTransformer: each resource gets the providers its configuration
// lists, combined as kube-apiserver combines them (encryptionconfig/config.go):
// - a value is written by the first provider, with its first key, behind `k8s:enc:<provider>:v1:<key>:`;
// - a value is read by the provider its prefix names (values without a `k8s:enc:` prefix are
//   plaintext, read by identity when it is listed, else "no matching prefix found");
// - resources no entry names are stored as they are (identity).
// The storage key (`/registry/secrets/<ns>/<name>`) is the authenticated data of providers that
// authenticate, so a value moved under another key does not decrypt.
import type { ValueTransformer } from '../registry/codec.js';
import type { ResourceDefinition } from '../resources/types.js';
import { decodeBase64 } from '../machinery/go-base64.js';
import { goQuote } from '../machinery/go-format.js';
import { aggregateMessage } from '../machinery/field-errors.js';
import { EncryptionConfigError, loadEncryptionConfig, type EncryptionConfiguration, type ProviderConfiguration } from './config.js';
import { validateEncryptionConfiguration } from './config-validation.js';
import {
  ANY_GROUP_ANY_RESOURCE, groupResourceString, parseGroupResource, resolverForDefinitions, resourceFromKeyLayout,
  type GroupResource, type StorageKeyResolver,
} from './group-resource.js';
import { hasPrefix, PrefixTransformers, type PrefixedTransform, type Transform } from './prefix-transformers.js';
import { KEYED_PROVIDERS } from './providers/catalog.js';
import { ENCRYPTED_DATA_PREFIX, identityTransform } from './providers/identity.js';
import type { RandomSource } from './providers/random.js';

export interface EncryptionTransformerOptions {
  /**
   * The served resources, so that storage keys map to resources exactly. Without them a key's
   * first segment is taken as a group only when it has a dot (see resourceFromKeyLayout).
   */
  resources?: ReadonlyArray<ResourceDefinition<any>>;
  /** Where nonces, IVs and data keys come from; for tests that compare with fixed outputs. */
  random?: RandomSource;
}

export interface EncryptionTransformer extends ValueTransformer {
  toStorage(plain: Uint8Array, key: string): Uint8Array;
  fromStorage(stored: Uint8Array, key: string): Uint8Array;
  /**
   * Whether the value stored under `key` was not written by the current write provider and key
   * (a rotation or a provider change happened since): reading and writing it back re-encrypts it.
   */
  needsRewrite(stored: Uint8Array, key: string): boolean;
}

/** Loads the configuration file and builds its transformer; errors are kube-apiserver's. */
export async function loadEncryptionTransformer(path: string, options: EncryptionTransformerOptions = {}): Promise<EncryptionTransformer> {
  return createEncryptionTransformer(await loadEncryptionConfig(path), options);
}

interface ResourceRule {
  transform: Transform;
  /** The prefix of values the rule writes; empty for identity. */
  writePrefix: Uint8Array;
}

const IDENTITY_RULE: ResourceRule = { transform: identityTransform, writePrefix: new Uint8Array(0) };

export function createEncryptionTransformer(config: EncryptionConfiguration, options: EncryptionTransformerOptions = {}): EncryptionTransformer {
  const problems = validateEncryptionConfiguration(config);
  if (problems.length > 0) throw new EncryptionConfigError(aggregateMessage(problems));
  const rules = buildRules(config, options.random);
  const resolve: StorageKeyResolver = options.resources ? resolverForDefinitions(options.resources) : resourceFromKeyLayout;

  const ruleFor = (key: string): ResourceRule => {
    const gr = resolve(key);
    if (!gr) return IDENTITY_RULE;
    return rules.get(ruleKey(gr)) ?? rules.get(ruleKey({ group: gr.group, resource: '*' })) ?? rules.get(ruleKey(ANY_GROUP_ANY_RESOURCE)) ?? IDENTITY_RULE;
  };

  return {
    toStorage: (plain, key) => ruleFor(key).transform.toStorage(plain, Buffer.from(key)),
    fromStorage: (stored, key) => ruleFor(key).transform.fromStorage(stored, Buffer.from(key)),
    needsRewrite(stored, key) {
      const { writePrefix } = ruleFor(key);
      return writePrefix.length === 0 ? hasPrefix(stored, ENCRYPTED_DATA_PREFIX) : !hasPrefix(stored, writePrefix);
    },
  };
}

const ruleKey = (gr: GroupResource) => `${gr.group}/${gr.resource}`;

const buildingError = (message: string) => new EncryptionConfigError(`error while building transformers: ${message}`);

/** Each listed resource's providers, in order; entries naming the same resource add to its list. */
function buildRules(config: EncryptionConfiguration, random: RandomSource | undefined): Map<string, ResourceRule> {
  const providerLists = new Map<string, PrefixedTransform[]>();
  for (const entry of config.resources) {
    const transforms = entry.providers.map((provider) => providerTransform(provider, random));
    for (const resource of entry.resources) {
      const gr = parseGroupResource(resource);
      // A later rule under an earlier wildcard would never apply.
      for (const wildcard of [{ group: gr.group, resource: '*' }, ANY_GROUP_ANY_RESOURCE]) {
        if (providerLists.has(ruleKey(wildcard))) {
          throw buildingError(`resource ${goQuote(groupResourceString(gr))} is masked by earlier rule ${goQuote(groupResourceString(wildcard))}`);
        }
      }
      const list = providerLists.get(ruleKey(gr)) ?? [];
      list.push(...transforms);
      providerLists.set(ruleKey(gr), list);
    }
  }
  const rules = new Map<string, ResourceRule>();
  for (const [key, list] of providerLists) {
    const transform = new PrefixTransformers(list, 'no matching prefix found');
    rules.set(key, { transform, writePrefix: transform.writePrefix });
  }
  return rules;
}

function providerTransform(provider: ProviderConfiguration, random: RandomSource | undefined): PrefixedTransform {
  if (provider.kms) {
    throw buildingError(`could not configure KMS plugin ${goQuote(provider.kms.name ?? '')}, KMS plugins are not supported by Arca: use the arcaEnvelope provider`);
  }
  if (provider.identity) return { prefix: new Uint8Array(0), transform: identityTransform };
  const keyed = KEYED_PROVIDERS.find((p) => provider[p.field])!;
  const perKey = provider[keyed.field]!.keys.map((key) => ({
    prefix: Buffer.from(`${key.name}:`),
    transform: keyed.create(decodeBase64(key.secret), random),
  }));
  return { prefix: Buffer.from(keyed.prefix), transform: new PrefixTransformers(perKey, keyed.noMatchingKeyMessage) };
}
