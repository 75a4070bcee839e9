import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeGraph } from '../../../../src/auth/node/graph.js';
import { authorizeNodeRequest, nodeIdentity } from '../../../../src/auth/node/node-authorizer.js';
import { NODE_RULES } from '../../../../src/auth/rbac/bootstrap-policy.js';
import type { Attributes, ResourceAttributes } from '../../../../src/auth/rbac/types.js';
import type { KubeObject } from '../../../../src/machinery/object.js';

const n1 = { username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };

const graph = new NodeGraph();
graph.setPod({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
  spec: { nodeName: 'n1', serviceAccountName: 'runner', containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'settings' } }] }] },
} as KubeObject);

const request = (fields: Partial<ResourceAttributes>): Attributes =>
  ({ user: n1, isResourceRequest: true, verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'default', ...fields });
const decide = (fields: Partial<ResourceAttributes>) => authorizeNodeRequest(graph, NODE_RULES, request(fields));
const allowed = { decision: 'allow', reason: '' };
const noOpinion = (reason: string) => ({ decision: 'no-opinion', reason });
const noRelationship = noOpinion("no relationship found between node 'n1' and this object");

test('a node is system:node:<name> in system:nodes', () => {
  assert.equal(nodeIdentity(n1), 'n1');
  assert.equal(nodeIdentity({ username: 'system:node:n1', groups: [] }), undefined);
  assert.equal(nodeIdentity({ username: 'alice', groups: ['system:nodes'] }), undefined);
  assert.equal(nodeIdentity({ username: 'system:node:', groups: ['system:nodes'] }), '');
});

test('others get no opinion; a nameless node is told so', () => {
  assert.deepEqual(authorizeNodeRequest(graph, NODE_RULES, { ...request({}), user: { username: 'alice', groups: [] } }), noOpinion(''));
  assert.deepEqual(authorizeNodeRequest(graph, NODE_RULES, { ...request({}), user: { username: 'system:node:', groups: ['system:nodes'] } }),
    noOpinion('unknown node for user "system:node:"'));
});

test('secrets and configmaps: read only those its pods reference, one name at a time', () => {
  assert.deepEqual(decide({ name: 'db' }), allowed);
  assert.deepEqual(decide({ verb: 'watch', name: 'db' }), allowed);
  assert.deepEqual(decide({ verb: 'list', resource: 'configmaps', name: 'settings' }), allowed);
  assert.deepEqual(decide({ name: 'x' }), noRelationship);
  assert.deepEqual(decide({ name: 'db', namespace: 'other' }), noRelationship);
  assert.deepEqual(decide({ resource: 'configmaps', name: 'db' }), noRelationship);
  assert.deepEqual(decide({ verb: 'list' }), noOpinion('No Object name found'));
  assert.deepEqual(decide({ verb: 'update', name: 'db' }), noOpinion('can only read resources of this type'));
  assert.deepEqual(decide({ subresource: 'status', name: 'db' }), noOpinion('cannot read subresource'));
  assert.deepEqual(decide({ namespace: undefined, name: 'db' }), noOpinion('can only read namespaced object of this type'));
});

test('serviceaccounts: only tokens for the accounts of its pods', () => {
  assert.deepEqual(decide({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', name: 'runner' }), allowed);
  assert.deepEqual(decide({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', name: 'default' }), noRelationship);
  assert.deepEqual(decide({ resource: 'serviceaccounts', name: 'runner' }), noOpinion('can only create tokens for individual service accounts'));
  assert.deepEqual(decide({ verb: 'create', resource: 'serviceaccounts', name: 'runner' }), noOpinion('can only create token subresource of serviceaccount'));
});

test('pods: get its own, list/watch by its spec.nodeName, write status, create and delete', () => {
  const mine = [{ field: 'spec.nodeName', operator: '=' as const, value: 'n1' }];
  assert.deepEqual(decide({ resource: 'pods', name: 'web' }), allowed);
  assert.deepEqual(decide({ resource: 'pods', name: 'other' }), noRelationship);
  assert.deepEqual(decide({ resource: 'pods', namespace: undefined, verb: 'watch', fieldSelector: mine }), allowed);
  assert.deepEqual(decide({ resource: 'pods', verb: 'list', name: 'web' }), allowed);
  assert.deepEqual(decide({ resource: 'pods', verb: 'list', fieldSelector: [{ field: 'spec.nodeName', operator: '=', value: 'n2' }] }),
    noOpinion('can only list/watch pods with spec.nodeName field selector'));
  assert.deepEqual(decide({ resource: 'pods', verb: 'list' }), noOpinion('can only list/watch pods with spec.nodeName field selector'));
  assert.deepEqual(decide({ resource: 'pods', verb: 'patch', subresource: 'status', name: 'web' }), allowed);
  assert.deepEqual(decide({ resource: 'pods', verb: 'delete', name: 'web' }), allowed);
  assert.deepEqual(decide({ resource: 'pods', verb: 'update', name: 'web' }), noOpinion(''));
  assert.deepEqual(decide({ resource: 'pods', subresource: 'log', name: 'web' }), noOpinion(''));
});

test('nodes: read only its own, create and write status', () => {
  const node = (fields: Partial<ResourceAttributes>) => decide({ resource: 'nodes', namespace: undefined, ...fields });
  assert.deepEqual(node({ name: 'n1' }), allowed);
  assert.deepEqual(node({ verb: 'create' }), allowed);
  assert.deepEqual(node({ verb: 'patch', subresource: 'status', name: 'n1' }), allowed);
  assert.deepEqual(node({ name: 'n2' }), noOpinion("node 'n1' cannot read 'n2', only its own Node object"));
  assert.deepEqual(node({ verb: 'list' }), noOpinion("node 'n1' cannot read all nodes, only its own Node object"));
  assert.deepEqual(node({ verb: 'delete', name: 'n1' }), noOpinion(''));
  assert.deepEqual(node({ verb: 'get', subresource: 'status', name: 'n1' }), noOpinion(''));
});

test('leases and volume kinds as upstream words them', () => {
  assert.deepEqual(decide({ apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', verb: 'update', name: 'n1' }), allowed);
  assert.deepEqual(decide({ apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', verb: 'update', name: 'n2' }),
    noOpinion('can only access node lease with the same name as the requesting node'));
  assert.deepEqual(decide({ apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'default', name: 'n1' }),
    noOpinion('can only access leases in the "kube-node-lease" system namespace'));
  assert.deepEqual(decide({ apiGroup: 'coordination.k8s.io', resource: 'leases', verb: 'list' }),
    noOpinion('can only get, create, update, patch, or delete a node lease'));
  assert.deepEqual(decide({ resource: 'persistentvolumeclaims', name: 'data' }), noRelationship);
  assert.deepEqual(decide({ resource: 'persistentvolumeclaims', verb: 'list' }), noOpinion('can only get individual resources of this type'));
  assert.deepEqual(decide({ resource: 'persistentvolumeclaims', subresource: 'status', name: 'data' }), noOpinion('can only get/update/patch this type'));
});

test('other resources follow the static node rules', () => {
  assert.deepEqual(decide({ verb: 'create', resource: 'events' }), allowed);
  assert.deepEqual(decide({ verb: 'list', resource: 'services' }), allowed);
  assert.deepEqual(decide({ verb: 'delete', resource: 'events', name: 'e' }), noOpinion(''));
  assert.deepEqual(decide({ apiGroup: 'rbac.authorization.k8s.io', resource: 'roles', verb: 'list' }), noOpinion(''));
  assert.deepEqual(authorizeNodeRequest(graph, NODE_RULES, { user: n1, isResourceRequest: false, verb: 'get', path: '/version' }), noOpinion(''));
});
