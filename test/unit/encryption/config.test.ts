import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEncryptionConfig, parseEncryptionConfig } from '../../../src/encryption/config.js';

const HEADER = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n';
const decodeError = (detail: string) => `error while parsing file: error decoding encryption provider configuration file "/etc/arca/enc.yaml": ${detail}`;
const parse = (text: string) => () => parseEncryptionConfig(text, '/etc/arca/enc.yaml');

describe('loadEncryptionConfig', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-encryption-config-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it("reads a YAML configuration shaped like upstream's documentation example", async () => {
    const path = join(dir, 'config.yaml');
    await writeFile(path, `${HEADER}resources:
  - resources:
      - events
    providers:
      - identity: {}  # do not encrypt events even though *.* is specified below
  - resources:
      - secrets
      - configmaps
      - pandas.awesome.bears.example
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZQ==
  - resources:
      - '*.*'
    providers:
      - aesgcm:
          keys:
            - name: key3
              secret: A/j5CnrWGB83ylcPkuUhm/6TSyrQtsNJtDPwPHNOj4Q=
`);
    assert.deepEqual(await loadEncryptionConfig(path), {
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [
        { resources: ['events'], providers: [{ identity: {} }] },
        { resources: ['secrets', 'configmaps', 'pandas.awesome.bears.example'], providers: [{ aescbc: { keys: [{ name: 'key1', secret: 'c2VjcmV0IGlzIHNlY3VyZQ==' }] } }] },
        { resources: ['*.*'], providers: [{ aesgcm: { keys: [{ name: 'key3', secret: 'A/j5CnrWGB83ylcPkuUhm/6TSyrQtsNJtDPwPHNOj4Q=' }] } }] },
      ],
    });
  });

  it('reads a JSON configuration with Arca’s arcaEnvelope provider', async () => {
    const path = join(dir, 'config.json');
    const secret = Buffer.alloc(32, 7).toString('base64');
    await writeFile(path, JSON.stringify({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{ resources: ['secrets'], providers: [{ arcaEnvelope: { keys: [{ name: 'k', secret }] } }, { identity: {} }] }],
    }));
    assert.deepEqual((await loadEncryptionConfig(path)).resources, [
      { resources: ['secrets'], providers: [{ arcaEnvelope: { keys: [{ name: 'k', secret }] } }, { identity: {} }] },
    ]);
  });

  it('reports a missing and an empty file', async () => {
    const missing = join(dir, 'missing.yaml');
    await assert.rejects(loadEncryptionConfig(missing), {
      name: 'EncryptionConfigError',
      message: `error while parsing file: error while loading file: error reading encryption provider configuration file "${missing}": open ${missing}: no such file or directory`,
    });
    const empty = join(dir, 'empty.yaml');
    await writeFile(empty, '');
    await assert.rejects(loadEncryptionConfig(empty), {
      message: `error while parsing file: error while loading file: encryption provider configuration file "${empty}" is empty`,
    });
  });

  it('reports validation problems after decoding', async () => {
    const path = join(dir, 'short-key.yaml');
    await writeFile(path, `${HEADER}resources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: key1\n              secret: cGFzc3dvcmQ=\n`);
    await assert.rejects(loadEncryptionConfig(path), {
      message: 'error while parsing file: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of [16 24 32]',
    });
  });
});

describe('parseEncryptionConfig: decoding', () => {
  it('requires kind and apiVersion, quoting the file as the codec does', () => {
    const noKind = 'kinds: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\n';
    assert.throws(parse(noKind), { message: decodeError(`Object 'Kind' is missing in '${noKind}'`) });
    assert.throws(parse('kind: EncryptionConfiguration\n'), {
      message: decodeError("Object 'apiVersion' is missing in 'kind: EncryptionConfiguration\n'"),
    });
  });

  it('refuses other kinds and versions', () => {
    const scheme = 'in scheme "k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go:130"';
    assert.throws(parse('kind: EncryptionConfigurations\napiVersion: apiserver.config.k8s.io/v1\n'), {
      message: decodeError(`no kind "EncryptionConfigurations" is registered for version "apiserver.config.k8s.io/v1" ${scheme}`),
    });
    assert.throws(parse('kind: EncryptionConfig\napiVersion: v1\n'), {
      message: decodeError(`no kind "EncryptionConfig" is registered for version "v1" ${scheme}`),
    });
    assert.throws(parse('kind: 1\napiVersion: v1\n'), {
      message: decodeError("couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string"),
    });
  });

  it('decodes strictly: unknown fields, in document order', () => {
    const text = `${HEADER}metadata: {name: x}
resources:
  - resources: [secrets]
    providers:
      - aesgcm: {keys: [{name: k, secret: c2VjcmV0IGlzIHNlY3VyZQ==}]}
      - identity: {}
      - secretbox: {keys: [{name: k, secret: c2VjcmV0IGlzIHNlY3VyZQ==, pandas: 1}]}
      - kms: {name: k, pandas: 1}
`;
    assert.throws(parse(text), {
      message: decodeError('strict decoding error: unknown field "metadata", unknown field "resources[0].providers[2].secretbox.keys[0].pandas", ' +
        'unknown field "resources[0].providers[3].kms.pandas"'),
    });
  });

  it("reports values of the wrong type as Go's decoder does, with YAML 1.1 scalars", () => {
    assert.throws(parse(`${HEADER}resources:\n  - resources: secrets\n`), {
      message: decodeError('json: cannot unmarshal string into Go struct field ResourceConfiguration.resources.resources of type []string'),
    });
    assert.throws(parse(`${HEADER}resources:\n  - resources: [secrets]\n    providers:\n      - aesgcm: {keys: [{name: yes, secret: abc}]}\n`), {
      message: decodeError('json: cannot unmarshal bool into Go struct field Key.resources.providers.aesgcm.keys.name of type string'),
    });
  });

  it('reports YAML syntax errors', () => {
    assert.throws(parse(`${HEADER}resources: [a\n`), (error: Error) =>
      error.message.startsWith(decodeError('error converting YAML to JSON: yaml: line ')));
  });

  it('takes a provider field set to null as absent, as Go leaves the pointer nil', () => {
    assert.throws(parse(`${HEADER}resources:\n  - resources: [secrets]\n    providers:\n      - identity:\n`), {
      message: 'error while parsing file: resources[0].providers[0]: Invalid value: apiserver.ProviderConfiguration{' +
        'AESGCM:(*apiserver.AESConfiguration)(nil), AESCBC:(*apiserver.AESConfiguration)(nil), Secretbox:(*apiserver.SecretboxConfiguration)(nil), ' +
        'Identity:(*apiserver.IdentityConfiguration)(nil), KMS:(*apiserver.KMSConfiguration)(nil)}: ' +
        'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity',
    });
  });
});
