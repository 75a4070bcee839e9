// Pod (core/v1): what runs where. Arca stores and validates pods, binds them to nodes
// (pods/binding, the scheduler controller) and leaves running them to the node agent.
import { fieldLabelNotSupported, metadataFieldSelectors } from '../field-selectors.js';
import type { ResourceDefinition } from '../types.js';
import { admitPod } from './admission.js';
import { bindPod } from './binding.js';
import { applyCreateAdmissionDefaults } from './defaults.js';
import { podGraceRunning, preparePodForDelete } from './deletion.js';
import { podExec } from './exec.js';
import { podLogs } from './log.js';
import { podQOSClass } from './qos.js';
import { BindingSchema, PodSchema, type Pod } from './schema.js';
import { podTable } from './table.js';
import { validatePod } from './validation/spec.js';
import { validatePodStatusUpdate, validatePodUpdate } from './validation/update.js';
import { podWireForm, syncServiceAccountAlias } from './wire-form.js';

export const pods: ResourceDefinition<Pod> = {
  group: '', version: 'v1', kind: 'Pod', listKind: 'PodList',
  plural: 'pods', singular: 'pod', shortNames: ['po'], categories: ['all'],
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [
    {
      name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'],
      update: {
        prepare: (pod, old) => { pod.spec = old.spec; },
        resetFields: ['spec'],
        validate: (pod, old) => validatePodStatusUpdate(pod, old),
      },
    },
    { name: 'binding', kind: 'Binding', verbs: ['create'], custom: bindPod, requestSchema: BindingSchema },
    { name: 'log', kind: 'Pod', verbs: ['get'], custom: podLogs },
    { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'], custom: podExec, connect: true },
  ],
  schema: PodSchema,
  strategy: {
    normalize: podWireForm,
    prepareForCreate: (pod) => {
      applyCreateAdmissionDefaults(pod);
      syncServiceAccountAlias(pod);
      pod.status = { phase: 'Pending', qosClass: podQOSClass(pod) };
    },
    prepareForUpdate: (pod, old) => { pod.status = old.status; },
    validate: (pod) => validatePod(pod),
    validateUpdate: (pod, old) => validatePodUpdate(pod, old),
    allowUnconditionalUpdate: true,
    admit: admitPod,
    resetFields: ['status'],
    prepareForDelete: (pod, now, gracePeriodSeconds) => preparePodForDelete(pod, now, gracePeriodSeconds),
    hasPendingFinalizers: podGraceRunning,
  },
  fieldSelectors: {
    ...metadataFieldSelectors,
    'spec.nodeName': (pod) => pod.spec?.nodeName ?? '',
    'spec.restartPolicy': (pod) => pod.spec?.restartPolicy ?? '',
    'spec.schedulerName': (pod) => pod.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (pod) => pod.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': (pod) => String(pod.spec?.hostNetwork ?? false),
    'status.phase': (pod) => pod.status?.phase ?? '',
    'status.podIP': (pod) => pod.status?.podIPs?.[0]?.ip ?? '',
    'status.nominatedNodeName': (pod) => pod.status?.nominatedNodeName ?? '',
  },
  unsupportedFieldSelector: fieldLabelNotSupported,
  table: podTable,
};
