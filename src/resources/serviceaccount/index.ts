// ServiceAccount (core/v1): an identity for processes, with a `token` subresource issuing
// TokenRequest JWTs. The token handler needs the server's signing key, so it is bound at start.
import { age } from '../../machinery/human-duration.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { metadataFieldSelectors, notAKnownFieldSelector } from '../field-selectors.js';
import type { CustomHandler, ResourceDefinition } from '../types.js';
import { notConfigured } from '../unstored-kind.js';
import { ServiceAccountSchema, type ServiceAccount } from './schema.js';
import { TokenRequestSchema } from './token-request-schema.js';
import { validateServiceAccount, validateServiceAccountUpdate } from './validation.js';

/** Secret references keep only their names (Kubernetes' cleanSecretReferences). */
function cleanSecretReferences(sa: ServiceAccount): void {
  if (sa.secrets) sa.secrets = sa.secrets.map((s) => (s.name === undefined ? {} : { name: s.name }));
}

export function serviceAccountDefinition(tokenHandler: CustomHandler): ResourceDefinition<ServiceAccount> {
  return {
    group: '', version: 'v1', kind: 'ServiceAccount', listKind: 'ServiceAccountList',
    plural: 'serviceaccounts', singular: 'serviceaccount', shortNames: ['sa'], categories: [],
    namespaced: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [{
      name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'],
      custom: tokenHandler, requestSchema: TokenRequestSchema,
    }],
    schema: ServiceAccountSchema,
    strategy: {
      prepareForCreate: cleanSecretReferences,
      prepareForUpdate: cleanSecretReferences,
      validate: (sa) => validateServiceAccount(sa),
      validateUpdate: (sa, old) => validateServiceAccountUpdate(sa, old),
      allowUnconditionalUpdate: true,
    },
    fieldSelectors: metadataFieldSelectors,
    unsupportedFieldSelector: notAKnownFieldSelector(Object.keys(metadataFieldSelectors)),
    table: {
      columns: [nameColumn, column('Secrets', 'string', ServiceAccountSchema.properties.secrets.description ?? ''), ageColumn],
      cells: (sa, now) => [sa.metadata.name, (sa.secrets ?? []).length, age(sa.metadata.creationTimestamp, now)],
    },
  };
}

export const serviceAccounts = serviceAccountDefinition(notConfigured('service account token issuance'));
