import { Type, type Static } from '@sinclair/typebox';
import { StringMap, TypeMetaFields } from '../../machinery/schemas/meta.js';

export const ConfigMapSchema = Type.Object(
  {
    ...TypeMetaFields,
    data: Type.Optional(StringMap('Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field.')),
    binaryData: Type.Optional(Type.Record(Type.String(), Type.String({ format: 'byte' }), { description: 'BinaryData contains the binary data, base64-encoded. Keys must not overlap with the keys in the Data field.' })),
    immutable: Type.Optional(Type.Boolean({ description: 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time.' })),
  },
  { description: 'ConfigMap holds configuration data for pods to consume.' },
);

export type ConfigMap = Static<typeof ConfigMapSchema> & { metadata: NonNullable<Static<typeof ConfigMapSchema>['metadata']> };
