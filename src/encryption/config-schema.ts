// apiserver.config.k8s.io/v1 EncryptionConfiguration as a schema, for what kube-apiserver's strict
// decoder reports before validation: values of the wrong type (`json: cannot unmarshal …`, Go type
// names from the titles) and fields the type does not have (`unknown field "…"`). Arca adds one
// provider, arcaEnvelope.
import { Type } from '@sinclair/typebox';

const Key = Type.Object(
  {
    name: Type.String({ description: 'name is the name of the key to be used while storing data to disk.' }),
    secret: Type.String({ description: 'secret is the actual key, encoded in base64.' }),
  },
  { title: 'Key' },
);

const keysOf = (title: string, description: string) =>
  Type.Object({ keys: Type.Array(Key, { description }) }, { title });

const KMSConfiguration = Type.Object(
  {
    apiVersion: Type.String(),
    name: Type.String(),
    cachesize: Type.Integer({ 'x-go-type': 'int32' }),
    endpoint: Type.String(),
    timeout: Type.String({ 'x-go-type': 'v1.Duration' }),
  },
  { title: 'KMSConfiguration' },
);

const ProviderConfiguration = Type.Object(
  {
    aesgcm: keysOf('AESConfiguration', 'keys for AES-GCM: 16, 24 or 32 bytes, base64-encoded.'),
    aescbc: keysOf('AESConfiguration', 'keys for AES-CBC: 16, 24 or 32 bytes, base64-encoded.'),
    secretbox: keysOf('SecretboxConfiguration', 'keys for XSalsa20-Poly1305: 32 bytes, base64-encoded.'),
    identity: Type.Object({}, { title: 'IdentityConfiguration' }),
    kms: KMSConfiguration,
    arcaEnvelope: keysOf('ArcaEnvelopeConfiguration', 'key-encryption keys for arca-envelope: 32 bytes, base64-encoded.'),
  },
  { title: 'ProviderConfiguration' },
);

const ResourceConfiguration = Type.Object(
  {
    resources: Type.Array(Type.String()),
    providers: Type.Array(ProviderConfiguration),
  },
  { title: 'ResourceConfiguration' },
);

export const EncryptionConfigurationSchema = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    resources: Type.Array(ResourceConfiguration),
  },
  { title: 'EncryptionConfiguration' },
);
