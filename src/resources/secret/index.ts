// Secret (core/v1): sensitive data with a type that fixes which keys it must hold.
import { goBase64ErrorOffset } from '../../machinery/go-base64.js';
import { age } from '../../machinery/human-duration.js';
import { errors } from '../../machinery/status.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { fieldLabelNotSupported, metadataFieldSelectors } from '../field-selectors.js';
import type { ResourceDefinition } from '../types.js';
import { SecretSchema, type Secret } from './schema.js';
import { secretTlsWarnings, validateSecret, validateSecretUpdate } from './validation.js';

/** stringData is write-only: merged into data (overwriting) on every write, never stored. */
function mergeStringData(secret: Secret): void {
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    const offset = typeof value === 'string' ? goBase64ErrorOffset(value) : 0;
    if (offset >= 0) {
      throw errors.badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${offset}`);
    }
    // Go's decoder ignores line breaks; store the canonical form.
    if (/[\r\n]/.test(value)) secret.data![key] = value.replace(/[\r\n]/g, '');
  }
  if (secret.stringData) {
    secret.data ??= {};
    for (const [key, value] of Object.entries(secret.stringData)) {
      secret.data[key] = Buffer.from(value, 'utf8').toString('base64');
    }
    delete secret.stringData;
  }
}

export const secrets: ResourceDefinition<Secret> = {
  group: '', version: 'v1', kind: 'Secret', listKind: 'SecretList',
  plural: 'secrets', singular: 'secret', shortNames: [], categories: [],
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  schema: SecretSchema,
  strategy: {
    normalize: mergeStringData,
    prepareForCreate: (secret) => {
      if (!secret.type) secret.type = 'Opaque';
    },
    prepareForUpdate: (secret, old) => {
      // An omitted type keeps the stored one (Kubernetes' strategy quirk).
      if (!secret.type) secret.type = old.type;
    },
    validate: (secret) => validateSecret(secret),
    validateUpdate: (secret, old) => validateSecretUpdate(secret, old),
    warnings: (secret) => secretTlsWarnings(secret),
    allowUnconditionalUpdate: true,
  },
  fieldSelectors: { ...metadataFieldSelectors, type: (secret) => secret.type ?? '' },
  unsupportedFieldSelector: fieldLabelNotSupported,
  table: {
    columns: [
      nameColumn,
      column('Type', 'string', 'The type of the secret'),
      column('Data', 'string', 'The number of entries in the secret'),
      ageColumn,
    ],
    cells: (secret, now) => [
      secret.metadata.name,
      secret.type ?? '',
      Object.keys(secret.data ?? {}).length,
      age(secret.metadata.creationTimestamp, now),
    ],
  },
};
