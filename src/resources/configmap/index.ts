// ConfigMap (core/v1): the configuration a Pod consumes as env vars, arguments or files.
import { age } from '../../machinery/human-duration.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { metadataFieldSelectors, notAKnownFieldSelector } from '../field-selectors.js';
import type { ResourceDefinition } from '../types.js';
import { ConfigMapSchema, type ConfigMap } from './schema.js';
import { validateConfigMap, validateConfigMapUpdate } from './validation.js';

export const configMaps: ResourceDefinition<ConfigMap> = {
  group: '', version: 'v1', kind: 'ConfigMap', listKind: 'ConfigMapList',
  plural: 'configmaps', singular: 'configmap', shortNames: ['cm'], categories: [],
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  schema: ConfigMapSchema,
  strategy: {
    prepareForCreate: () => {},
    prepareForUpdate: () => {},
    validate: (cm) => validateConfigMap(cm),
    validateUpdate: (cm, old) => validateConfigMapUpdate(cm, old),
    allowUnconditionalUpdate: true,
  },
  fieldSelectors: metadataFieldSelectors,
  unsupportedFieldSelector: notAKnownFieldSelector(Object.keys(metadataFieldSelectors)),
  table: {
    columns: [nameColumn, column('Data', 'string', 'Data contains the configuration data.'), ageColumn],
    cells: (cm, now) => [
      cm.metadata.name,
      Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
      age(cm.metadata.creationTimestamp, now),
    ],
  },
};
