// Event (core/v1): what happened to an object, listed by kubectl describe and kubectl get events.
import { fieldLabelNotSupported, metadataFieldSelectors } from '../field-selectors.js';
import type { ResourceDefinition } from '../types.js';
import { EventSchema, type Event } from './schema.js';
import { eventTable } from './table.js';
import { validateEventCreate, validateEventUpdate } from './validation.js';
import { normalizeEventWireForm } from './wire-form.js';

export const events: ResourceDefinition<Event> = {
  group: '', version: 'v1', kind: 'Event', listKind: 'EventList',
  plural: 'events', singular: 'event', shortNames: ['ev'], categories: [],
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  schema: EventSchema,
  strategy: {
    normalize: (event) => normalizeEventWireForm(event),
    prepareForCreate: () => {},
    prepareForUpdate: () => {},
    validate: (event) => validateEventCreate(event),
    validateUpdate: (event, old) => validateEventUpdate(event, old),
    allowUnconditionalUpdate: true,
  },
  // Upstream's selectable fields; `source` falls back to the reporting controller.
  fieldSelectors: {
    'involvedObject.kind': (e) => e.involvedObject?.kind ?? '',
    'involvedObject.namespace': (e) => e.involvedObject?.namespace ?? '',
    'involvedObject.name': (e) => e.involvedObject?.name ?? '',
    'involvedObject.uid': (e) => e.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': (e) => e.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': (e) => e.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': (e) => e.involvedObject?.fieldPath ?? '',
    reason: (e) => e.reason ?? '',
    reportingComponent: (e) => e.reportingComponent ?? '',
    source: (e) => e.source?.component || e.reportingComponent || '',
    type: (e) => e.type ?? '',
    ...metadataFieldSelectors,
  },
  unsupportedFieldSelector: fieldLabelNotSupported,
  table: eventTable,
};
