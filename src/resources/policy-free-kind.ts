// Kinds Arca recognizes but holds none of: ResourceQuota and LimitRange. Arca enforces no quotas
// or limit ranges, so these answer truthfully that there are none (`kubectl describe namespace`
// then prints "No resource quota." and "No LimitRange resource." as on a cluster without them).
import { Type } from '@sinclair/typebox';
import { TypeMetaFields } from '../machinery/schemas/meta.js';
import { errors } from '../machinery/status.js';
import { age } from '../machinery/human-duration.js';
import { ageColumn, nameColumn } from './columns.js';
import type { ResourceDefinition } from './types.js';

export function policyFreeKind(spec: { kind: string; plural: string; shortNames: string[]; description: string }): ResourceDefinition {
  const resource = { group: '', resource: spec.plural };
  return {
    group: '', version: 'v1', kind: spec.kind, listKind: `${spec.kind}List`,
    plural: spec.plural, singular: spec.kind.toLowerCase(), shortNames: spec.shortNames, categories: [],
    namespaced: true,
    verbs: ['get', 'list'],
    subresources: [],
    schema: Type.Object({ ...TypeMetaFields, spec: Type.Optional(Type.Unknown()), status: Type.Optional(Type.Unknown()) }, { description: spec.description }),
    strategy: {
      prepareForCreate: () => {}, prepareForUpdate: () => {}, validate: () => [], validateUpdate: () => [], allowUnconditionalUpdate: true,
    },
    fieldSelectors: {},
    unsupportedFieldSelector: (field) => `field label not supported: ${field}`,
    table: { columns: [nameColumn, ageColumn], cells: (obj, now) => [obj.metadata.name, age(obj.metadata.creationTimestamp, now)] },
    custom: async (request) => {
      if (request.verb === 'get') throw errors.notFound(resource, request.name ?? '');
      return { code: 200, body: { kind: `${spec.kind}List`, apiVersion: 'v1', metadata: {}, items: [] } };
    },
  };
}
