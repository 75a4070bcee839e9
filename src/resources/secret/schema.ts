import { Type, type Static } from '@sinclair/typebox';
import { StringMap, TypeMetaFields } from '../../machinery/schemas/meta.js';

export const SecretSchema = Type.Object(
  {
    ...TypeMetaFields,
    data: Type.Optional(Type.Record(Type.String(), Type.String({ format: 'byte' }), { description: 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values are base64-encoded on the wire. The total size of all values must be at most 1 MiB.' })),
    stringData: Type.Optional(StringMap('stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience: all keys and values are merged into the data field on write, overwriting any existing values. It is never output when reading from the API.')),
    type: Type.Optional(Type.String({ description: 'Used to facilitate programmatic handling of secret data: Opaque (the default), kubernetes.io/service-account-token, kubernetes.io/dockercfg, kubernetes.io/dockerconfigjson, kubernetes.io/basic-auth, kubernetes.io/ssh-auth, kubernetes.io/tls, bootstrap.kubernetes.io/token, or a custom type.', 'x-go-type': 'v1.SecretType' })),
    immutable: Type.Optional(Type.Boolean({ description: 'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time.' })),
  },
  { description: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.' },
);

export type Secret = Static<typeof SecretSchema> & { metadata: NonNullable<Static<typeof SecretSchema>['metadata']> };
