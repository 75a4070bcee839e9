import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EncryptionConfiguration, ProviderConfiguration } from '../../../src/encryption/config.js';
import { validateEncryptionConfiguration } from '../../../src/encryption/config-validation.js';
import { renderFieldError } from '../../../src/machinery/field-errors.js';

const AES_KEY = 'A/j5CnrWGB83ylcPkuUhm/6TSyrQtsNJtDPwPHNOj4Q='; // 32 bytes
const aesgcm: ProviderConfiguration = { aesgcm: { keys: [{ name: 'foo', secret: AES_KEY }] } };
const configOf = (...entries: Array<[string[], ProviderConfiguration[]]>): EncryptionConfiguration => ({
  apiVersion: 'apiserver.config.k8s.io/v1',
  kind: 'EncryptionConfiguration',
  resources: entries.map(([resources, providers]) => ({ resources, providers })),
});
const problems = (config: EncryptionConfiguration) => validateEncryptionConfiguration(config).map(renderFieldError);
const OVERLAP = "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked";
const DUPLICATE = 'the same resource cannot be specified multiple times';

describe('validateEncryptionConfiguration: structure', () => {
  it('accepts a valid configuration', () => {
    assert.deepEqual(problems(configOf([['secrets'], [aesgcm, { identity: {} }]])), []);
  });

  it('requires resource entries, resources and providers', () => {
    assert.deepEqual(problems(configOf()), ['resources: Required value: at least one resources is required']);
    assert.deepEqual(problems(configOf([[], [aesgcm]])), ['resources[0].resources: Required value: at least one resources[0].resources is required']);
    assert.deepEqual(problems(configOf([['secrets'], []])), ['resources[0].providers: Required value: at least one resources[0].providers is required']);
  });

  it('requires exactly one provider per element, printing the element as Go does', () => {
    assert.deepEqual(problems(configOf([['secrets'], [{}]])), [
      'resources[0].providers[0]: Invalid value: apiserver.ProviderConfiguration{AESGCM:(*apiserver.AESConfiguration)(nil), ' +
        'AESCBC:(*apiserver.AESConfiguration)(nil), Secretbox:(*apiserver.SecretboxConfiguration)(nil), ' +
        'Identity:(*apiserver.IdentityConfiguration)(nil), KMS:(*apiserver.KMSConfiguration)(nil)}: ' +
        'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity',
    ]);
    assert.deepEqual(problems(configOf([['secrets'], [{ ...aesgcm, aescbc: aesgcm.aesgcm }]])), [
      'resources[0].providers[0]: Invalid value: apiserver.ProviderConfiguration{AESGCM:(*apiserver.AESConfiguration)(0xc000000000), ' +
        'AESCBC:(*apiserver.AESConfiguration)(0xc000000000), Secretbox:(*apiserver.SecretboxConfiguration)(nil), ' +
        'Identity:(*apiserver.IdentityConfiguration)(nil), KMS:(*apiserver.KMSConfiguration)(nil)}: ' +
        'more than one provider specified in a single element, should split into different list elements',
    ]);
  });
});

describe('validateEncryptionConfiguration: resources', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['events.k8s.io', ['events.events.k8s.io'], [
      `resources[0].resources[0]: Invalid value: "events.events.k8s.io": '*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file`,
    ]],
    ['extensions', ['*.extensions'], [
      `resources[0].resources[0]: Invalid value: "*.extensions": 'extensions' group has been removed and cannot be used for encryption`,
    ]],
    ["'*'", ['*'], [
      `resources[0].resources[0]: Invalid value: "*": use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources`,
    ]],
    ['capitals', ['apiServerIPInfo'], ['resources[0].resources[0]: Invalid value: "apiServerIPInfo": resource name should not contain capital letters']],
    ['non-REST resources', ['serviceipallocations'], [
      'resources[0].resources[0]: Invalid value: "serviceipallocations": resources which do not have REST API/s cannot be encrypted',
    ]],
    ['one resource across groups', ['*.', 'foos.*'], [
      'resources[0].resources[1]: Invalid value: "foos.*": encrypting the same resource across groups is not supported',
    ]],
    ["'*.apps' with '*.'", ['*.apps', '*.'], []],
    ["deployments.apps with '*.'", ['deployments.apps', '*.'], []],
    ['secrets twice', ['secrets', 'secrets'], [`resources[0].resources: Invalid value: []string{"secrets", "secrets"}: ${DUPLICATE}`]],
    ['secrets four times, reported once', ['secrets', 'secrets', 'secrets', 'secrets'], [
      `resources[0].resources: Invalid value: []string{"secrets", "secrets", "secrets", "secrets"}: ${DUPLICATE}`,
    ]],
    ["secrets and 'secrets.'", ['secrets', 'secrets.'], [`resources[0].resources: Invalid value: []string{"secrets", "secrets."}: ${DUPLICATE}`]],
    ["'*.apps', '*.' and '*.*'", ['*.apps', '*.', '*.*'], [`resources[0].resources: Invalid value: []string{"*.apps", "*.", "*.*"}: ${OVERLAP}`]],
    ["deployments.apps with '*.apps'", ['deployments.apps', '*.apps'], [
      `resources[0].resources: Invalid value: []string{"deployments.apps", "*.apps"}: ${OVERLAP}`,
    ]],
    ["secrets with '*.'", ['secrets', '*.'], [`resources[0].resources: Invalid value: []string{"secrets", "*."}: ${OVERLAP}`]],
    ["secrets with '*.*'", ['secrets', '*.*'], [`resources[0].resources: Invalid value: []string{"secrets", "*.*"}: ${OVERLAP}`]],
    ["'*.*' twice: a duplicate that also overlaps", ['*.*', '*.*'], [
      `resources[0].resources: Invalid value: []string{"*.*", "*.*"}: ${DUPLICATE}`,
      `resources[0].resources: Invalid value: []string{"*.*", "*.*"}: ${OVERLAP}`,
    ]],
  ];
  for (const [name, resources, expected] of cases) {
    it(name, () => assert.deepEqual(problems(configOf([resources, [aesgcm]])), expected));
  }
});

describe('validateEncryptionConfiguration: keys', () => {
  const keyProblems = (provider: ProviderConfiguration) => problems(configOf([['secrets'], [provider]]));

  it('requires keys with a name and a base64 secret, never echoing the secret', () => {
    assert.deepEqual(keyProblems({ aescbc: { keys: [] } }), ['resources[0].providers[0].aescbc.keys: Required value: at least one keys is required']);
    assert.deepEqual(keyProblems({ aesgcm: { keys: [{ name: '', secret: '' }] } }), [
      'resources[0].providers[0].aesgcm.keys[0].name: Required value: name is a mandatory field for a key',
      'resources[0].providers[0].aesgcm.keys[0].secret: Required value: secret is a mandatory field for a key',
    ]);
    assert.deepEqual(keyProblems({ secretbox: { keys: [{ name: 'foo', secret: 'P@ssword' }] } }), [
      'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded',
    ]);
  });

  it('checks key lengths per provider', () => {
    const nine = 'cGFzc3dvcmQK'; // 9 bytes
    const sized = (n: number) => Buffer.alloc(n, 1).toString('base64');
    assert.deepEqual(keyProblems({ aescbc: { keys: [{ name: 'a', secret: nine }] } }), [
      'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 9, expected one of [16 24 32]',
    ]);
    for (const size of [16, 24, 32]) assert.deepEqual(keyProblems({ aesgcm: { keys: [{ name: 'a', secret: sized(size) }] } }), []);
    assert.deepEqual(keyProblems({ secretbox: { keys: [{ name: 'a', secret: sized(24) }] } }), [
      'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 24, expected one of [32]',
    ]);
    assert.deepEqual(keyProblems({ arcaEnvelope: { keys: [{ name: 'a', secret: sized(32) }, { name: 'b', secret: sized(16) }] } }), [
      'resources[0].providers[0].arcaEnvelope.keys[1].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32]',
    ]);
  });
});
