// The definition of a kind that is never stored (access reviews, token reviews, whoami):
// create-only, answered by its own handler; the store-facing parts are inert.
import type { TSchema } from '@sinclair/typebox';
import { age } from '../machinery/human-duration.js';
import { errors } from '../machinery/status.js';
import { ageColumn, nameColumn } from './columns.js';
import type { CustomHandler, ResourceDefinition } from './types.js';

export function unstoredKind(spec: {
  group: string; version?: string; kind: string; plural: string; namespaced?: boolean; schema: TSchema; custom: CustomHandler;
}): ResourceDefinition {
  return {
    group: spec.group, version: spec.version ?? 'v1', kind: spec.kind, listKind: `${spec.kind}List`,
    plural: spec.plural, singular: spec.kind.toLowerCase(), shortNames: [], categories: [],
    namespaced: spec.namespaced ?? false,
    verbs: ['create'],
    subresources: [],
    schema: spec.schema,
    strategy: {
      prepareForCreate: () => {}, prepareForUpdate: () => {}, validate: () => [], validateUpdate: () => [], allowUnconditionalUpdate: false,
    },
    fieldSelectors: {},
    unsupportedFieldSelector: (field) => `field label not supported: ${field}`,
    table: { columns: [nameColumn, ageColumn], cells: (obj, now) => [obj.metadata.name, age(obj.metadata.creationTimestamp, now)] },
    custom: spec.custom,
  };
}

/** A handler for a kind whose real handler is bound at server start, answering until then. */
export function notConfigured(what: string): CustomHandler {
  return async () => { throw errors.serviceUnavailable(`${what} is not configured on this server`); };
}
