// Namespace (core/v1): the scope of names; deleting one empties it first (see namespace-controller).
import { age } from '../../machinery/human-duration.js';
import { errors } from '../../machinery/status.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { fieldLabelNotSupported } from '../field-selectors.js';
import type { ResourceDefinition } from '../types.js';
import { FINALIZER_KUBERNETES, IMMORTAL_NAMESPACES, NamespaceSchema, type Namespace } from './schema.js';
import {
  validateNamespace, validateNamespaceFinalizeUpdate, validateNamespaceStatusUpdate, validateNamespaceUpdate,
} from './validation.js';

const NAME_LABEL = 'kubernetes.io/metadata.name';

function setNameLabel(ns: Namespace): void {
  ns.metadata.labels = { ...ns.metadata.labels, [NAME_LABEL]: ns.metadata.name ?? '' };
}

export const namespaces: ResourceDefinition<Namespace> = {
  group: '', version: 'v1', kind: 'Namespace', listKind: 'NamespaceList',
  plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], categories: [],
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [
    {
      name: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'],
      update: {
        prepare: (ns, old) => { ns.spec = old.spec; },
        resetFields: ['spec'],
        validate: (ns, old) => validateNamespaceStatusUpdate(ns, old),
      },
    },
    {
      name: 'finalize', kind: 'Namespace', verbs: ['update'],
      update: {
        prepare: (ns, old) => { ns.status = old.status; },
        resetFields: ['status'],
        validate: (ns, old) => validateNamespaceFinalizeUpdate(ns, old),
      },
    },
  ],
  schema: NamespaceSchema,
  strategy: {
    prepareForCreate: (ns) => {
      ns.status = { phase: 'Active' };
      const finalizers = ns.spec?.finalizers ?? [];
      if (!finalizers.includes(FINALIZER_KUBERNETES)) finalizers.push(FINALIZER_KUBERNETES);
      ns.spec = { ...ns.spec, finalizers };
      setNameLabel(ns);
    },
    prepareForUpdate: (ns, old) => {
      ns.spec = old.spec;
      ns.status = old.status;
      setNameLabel(ns);
    },
    validate: (ns) => validateNamespace(ns),
    validateUpdate: (ns, old) => validateNamespaceUpdate(ns, old),
    allowUnconditionalUpdate: true,
    resetFields: ['status'],
    validateDelete: (ns) =>
      IMMORTAL_NAMESPACES.includes(ns.metadata.name ?? '')
        ? errors.forbidden({ group: '', resource: 'namespaces' }, ns.metadata.name ?? '', 'this namespace may not be deleted')
        : undefined,
    prepareForDelete: (ns, now) => {
      if (!ns.metadata.deletionTimestamp) {
        ns.metadata.deletionTimestamp = now;
        ns.metadata.deletionGracePeriodSeconds = 0;
        ns.status = { ...ns.status, phase: 'Terminating' };
      }
      return (ns.spec?.finalizers ?? []).length > 0;
    },
    hasPendingFinalizers: (ns) => (ns.spec?.finalizers ?? []).length > 0,
  },
  fieldSelectors: {
    'metadata.name': (ns) => ns.metadata.name ?? '',
    'status.phase': (ns) => ns.status?.phase ?? '',
  },
  unsupportedFieldSelector: fieldLabelNotSupported,
  table: {
    columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
    cells: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', age(ns.metadata.creationTimestamp, now)],
  },
};
