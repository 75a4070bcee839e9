import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forbiddenError } from '../../../src/auth/forbidden.js';

const u = { username: 'u', groups: [] };

test('resource denials: named, unnamed, cluster scope, subresource, with a reason', () => {
  assert.deepEqual(forbiddenError({ user: u, isResourceRequest: true, verb: 'get', apiGroup: '', resource: 'configmaps', name: 'x', namespace: 'ns' }, '').status, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'configmaps "x" is forbidden: User "u" cannot get resource "configmaps" in API group "" in the namespace "ns"',
    reason: 'Forbidden', details: { name: 'x', kind: 'configmaps' }, code: 403,
  });
  assert.equal(forbiddenError({ user: u, isResourceRequest: true, verb: 'list', apiGroup: '', resource: 'secrets', namespace: 'ns' }, '').message,
    'secrets is forbidden: User "u" cannot list resource "secrets" in API group "" in the namespace "ns"');
  assert.equal(forbiddenError({ user: u, isResourceRequest: true, verb: 'create', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' }, '').message,
    'clusterroles.rbac.authorization.k8s.io is forbidden: User "u" cannot create resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope');
  assert.equal(forbiddenError({ user: u, isResourceRequest: true, verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', name: 'p', namespace: 'ns' }, 'RBAC: role.rbac.authorization.k8s.io "r" not found').message,
    'pods "p" is forbidden: User "u" cannot get resource "pods/log" in API group "" in the namespace "ns": RBAC: role.rbac.authorization.k8s.io "r" not found');
});

test('non-resource denials name the path', () => {
  assert.deepEqual(forbiddenError({ user: u, isResourceRequest: false, verb: 'get', path: '/foo' }, '').status, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'forbidden: User "u" cannot get path "/foo"', reason: 'Forbidden', details: {}, code: 403,
  });
});
