// What the four RBAC kinds share in their definitions: group, verbs, field selectors.
import { metadataFieldSelectors, notAKnownFieldSelector } from '../field-selectors.js';
import type { Verb } from '../types.js';

export const rbacKindBase = {
  group: 'rbac.authorization.k8s.io', version: 'v1', shortNames: [] as string[], categories: [] as string[],
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as Verb[],
  subresources: [],
  fieldSelectors: metadataFieldSelectors,
  unsupportedFieldSelector: notAKnownFieldSelector(Object.keys(metadataFieldSelectors)),
};
