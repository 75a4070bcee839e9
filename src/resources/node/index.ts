// Node (core/v1, cluster-scoped). Status is written by the node's agent through /status;
// a plain update keeps it, as the node strategy does.
import { nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { fieldLabelNotSupported } from '../field-selectors.js';
import type { ResourceDefinition } from '../types.js';
import { NodeSchema, type Node } from './schema.js';
import { nodeTable } from './table.js';

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
function defaultNodeStatus(node: Node): void {
  if (node.status?.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
}

const validateNode = (node: Node) => validateObjectMeta(node.metadata, { namespaced: false, validateName: nameIsDNSSubdomain });

export const nodes: ResourceDefinition<Node> = {
  group: '', version: 'v1', kind: 'Node', listKind: 'NodeList',
  plural: 'nodes', singular: 'node', shortNames: ['no'], categories: [],
  namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [
    {
      name: 'status', kind: 'Node', verbs: ['get', 'patch', 'update'],
      update: {
        prepare: (node, old) => { node.spec = old.spec; },
        resetFields: ['spec'],
        validate: (node, old) => validateObjectMetaUpdate(node.metadata, old.metadata),
      },
    },
  ],
  schema: NodeSchema,
  strategy: {
    normalize: defaultNodeStatus,
    prepareForCreate: () => undefined,
    prepareForUpdate: (node, old) => { node.status = old.status; },
    validate: validateNode,
    validateUpdate: (node, old) => validateNode(node).concat(validateObjectMetaUpdate(node.metadata, old.metadata)),
    allowUnconditionalUpdate: true,
    resetFields: ['status'],
  },
  fieldSelectors: {
    'metadata.name': (node) => node.metadata.name ?? '',
    'spec.unschedulable': (node) => String(node.spec?.unschedulable ?? false),
  },
  unsupportedFieldSelector: fieldLabelNotSupported,
  table: nodeTable,
};
