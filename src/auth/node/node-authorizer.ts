// The Node authorizer (kube-apiserver's --authorization-mode=Node, with AuthorizeNodeWithSelectors):
// a request from `system:node:<name>` in `system:nodes` may read only the Secrets, ConfigMaps and
// Pods its bound pods reach, mint tokens only for their ServiceAccounts, and read only its own
// Node; other resources are judged by the static node rules. It never denies outright: without
// an allow it has no opinion (with upstream's reason), and the next authorizer decides.
import type { FieldRequirement } from '../../machinery/selectors/field-selector.js';
import { ruleAllows } from '../rbac/rule-matching.js';
import type { Attributes, PolicyRule, ResourceAttributes } from '../rbac/types.js';
import type { UserInfo } from '../user.js';
import type { NodeGraphView, VertexType } from './graph.js';

export type NodeDecision = { decision: 'allow'; reason: '' } | { decision: 'no-opinion'; reason: string };

const NODE_USER_PREFIX = 'system:node:';
const NODES_GROUP = 'system:nodes';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

const allow: NodeDecision = { decision: 'allow', reason: '' };
const noOpinion = (reason = ''): NodeDecision => ({ decision: 'no-opinion', reason });
const noRelationship = (nodeName: string) => noOpinion(`no relationship found between node '${nodeName}' and this object`);

/** nodeidentifier's default: the node's name, or undefined when the user is no node at all. */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.username.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return user.username.slice(NODE_USER_PREFIX.length);
}

type Handler = (context: NodeRequest) => NodeDecision;
interface NodeRequest { nodeName: string; attributes: ResourceAttributes; graph: NodeGraphView }

export function authorizeNodeRequest(graph: NodeGraphView, nodeRules: readonly PolicyRule[], attributes: Attributes): NodeDecision {
  const nodeName = nodeIdentity(attributes.user);
  if (nodeName === undefined) return noOpinion();
  if (nodeName === '') return noOpinion(`unknown node for user "${attributes.user.username}"`);
  if (attributes.isResourceRequest) {
    const handler = HANDLERS.get(`${attributes.apiGroup}/${attributes.resource}`);
    if (handler) return handler({ nodeName, attributes, graph });
  }
  return nodeRules.some((rule) => ruleAllows(attributes, rule)) ? allow : noOpinion();
}

function related({ nodeName, attributes, graph }: NodeRequest, type: VertexType): NodeDecision {
  if (!attributes.name) return noOpinion('No Object name found');
  return graph.related(nodeName, type, attributes.namespace ?? '', attributes.name) ? allow : noRelationship(nodeName);
}

const readNamespacedObject = (type: VertexType): Handler => (request) => {
  const { verb, subresource, namespace } = request.attributes;
  if (!['get', 'list', 'watch'].includes(verb)) return noOpinion('can only read resources of this type');
  if (subresource) return noOpinion('cannot read subresource');
  if (!namespace) return noOpinion('can only read namespaced object of this type');
  return related(request, type);
};

const getOnly = (type: VertexType): Handler => (request) => {
  if (request.attributes.verb !== 'get') return noOpinion('can only get individual resources of this type');
  if (request.attributes.subresource) return noOpinion('cannot get subresource');
  return related(request, type);
};

const persistentVolumeClaims: Handler = (request) => {
  if (request.attributes.subresource !== 'status') return getOnly('persistentvolumeclaim')(request);
  if (!['update', 'patch'].includes(request.attributes.verb)) return noOpinion('can only get/update/patch this type');
  return related(request, 'persistentvolumeclaim');
};

const serviceAccountTokens: Handler = (request) => {
  const { nodeName, attributes, graph } = request;
  if (attributes.verb !== 'create' || !attributes.name) return noOpinion('can only create tokens for individual service accounts');
  if (attributes.subresource !== 'token') return noOpinion('can only create token subresource of serviceaccount');
  return graph.related(nodeName, 'serviceaccount', attributes.namespace ?? '', attributes.name) ? allow : noRelationship(nodeName);
};

const WRITE_OWN = ['get', 'create', 'update', 'patch', 'delete'];

const leases: Handler = ({ nodeName, attributes }) => {
  if (!WRITE_OWN.includes(attributes.verb)) return noOpinion('can only get, create, update, patch, or delete a node lease');
  if (attributes.namespace !== NODE_LEASE_NAMESPACE) return noOpinion(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
  // The name is unknown on create; the NodeRestriction admission plugin checks it there.
  if (attributes.verb !== 'create' && attributes.name !== nodeName) return noOpinion('can only access node lease with the same name as the requesting node');
  return allow;
};

const csiNodes: Handler = ({ nodeName, attributes }) => {
  if (!WRITE_OWN.includes(attributes.verb)) return noOpinion('can only get, create, update, patch, or delete a CSINode');
  if (attributes.subresource) return noOpinion('cannot authorize CSINode subresources');
  if (attributes.verb !== 'create' && attributes.name !== nodeName) return noOpinion('can only access CSINode with the same name as the requesting node');
  return allow;
};

const nodes: Handler = ({ nodeName, attributes }) => {
  const { verb, subresource, name } = attributes;
  // Writes of other nodes' objects are the NodeRestriction admission plugin's to refuse.
  if (!subresource && ['create', 'update', 'patch'].includes(verb)) return allow;
  if (!subresource && ['get', 'list', 'watch'].includes(verb)) {
    // By name rather than through the graph, so an agent can read its Node before creating it.
    if (name === nodeName) return allow;
    if (!name) return noOpinion(`node '${nodeName}' cannot read all nodes, only its own Node object`);
    return noOpinion(`node '${nodeName}' cannot read '${name}', only its own Node object`);
  }
  if (subresource === 'status' && ['update', 'patch'].includes(verb)) return allow;
  return noOpinion();
};

const selectsNode = (requirements: readonly FieldRequirement[] | undefined, field: string, nodeName: string) =>
  (requirements ?? []).some((r) => r.field === field && r.operator === '=' && r.value === nodeName);

const pods: Handler = (request) => {
  const { nodeName, attributes } = request;
  const { verb, subresource } = attributes;
  if (!subresource) {
    if (verb === 'get') return getOnly('pod')(request);
    if (verb === 'list' || verb === 'watch') {
      if (selectsNode(attributes.fieldSelector, 'spec.nodeName', nodeName)) return allow;
      if (attributes.name) return related(request, 'pod');
      return noOpinion('can only list/watch pods with spec.nodeName field selector');
    }
    // Mirror pods; the NodeRestriction admission plugin limits them to the node's own.
    if (verb === 'create' || verb === 'delete') return allow;
  }
  if (subresource === 'status' && (verb === 'update' || verb === 'patch')) return allow;
  if (subresource === 'eviction' && verb === 'create') return allow;
  return noOpinion();
};

const HANDLERS = new Map<string, Handler>([
  ['/secrets', readNamespacedObject('secret')],
  ['/configmaps', readNamespacedObject('configmap')],
  ['/persistentvolumeclaims', persistentVolumeClaims],
  ['/persistentvolumes', getOnly('persistentvolume')],
  ['resource.k8s.io/resourceclaims', getOnly('resourceclaim')],
  ['storage.k8s.io/volumeattachments', getOnly('volumeattachment')],
  ['/serviceaccounts', serviceAccountTokens],
  ['coordination.k8s.io/leases', leases],
  ['storage.k8s.io/csinodes', csiNodes],
  ['/nodes', nodes],
  ['/pods', pods],
]);
