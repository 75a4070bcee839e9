import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatedRules } from '../../../../src/auth/rbac/aggregation-controller.js';
import { reconcileClusterRole, reconcileClusterRoleBinding } from '../../../../src/auth/rbac/reconcile.js';
import { binding, clusterRole, group } from './fixtures.js';

test('reconcile adds missing rules and labels, keeps extras and user labels', () => {
  const expected = clusterRole('r', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }], { a: '1' });
  const existing = clusterRole('r', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verbs: ['get'], apiGroups: [''], resources: ['extra'] }], { a: 'mine', b: '2' });
  assert.deepEqual(reconcileClusterRole(existing, expected), clusterRole('r', [
    { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    { verbs: ['get'], apiGroups: [''], resources: ['extra'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
  ], { a: 'mine', b: '2' }));
  assert.equal(reconcileClusterRole(expected, expected), undefined);
  const protectedRole = { ...existing, metadata: { ...existing.metadata, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } } };
  assert.equal(reconcileClusterRole(protectedRole, expected), undefined);
});

test('reconcile adds missing subjects and recreates a binding whose roleRef changed', () => {
  const expected = binding(undefined, 'b', { kind: 'ClusterRole', name: 'r' }, [group('g')]);
  const existing = binding(undefined, 'b', { kind: 'ClusterRole', name: 'other' }, [group('mine')]);
  const result = reconcileClusterRoleBinding(existing, expected)!;
  assert.equal(result.recreate, true);
  assert.deepEqual(result.binding.roleRef, expected.roleRef);
  assert.deepEqual(result.binding.subjects, [group('mine'), group('g')]);
});

test('aggregation: rules of every other matching role, by name, without duplicates', () => {
  const view = { ...clusterRole('view', []), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'agg/view': 'true' } }] } };
  const rule1 = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
  const rule2 = { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] };
  assert.deepEqual(aggregatedRules(view, [
    clusterRole('z', [rule1], { 'agg/view': 'true' }),
    clusterRole('a', [rule2, rule1], { 'agg/view': 'true' }),
    clusterRole('unrelated', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    view,
  ]), [rule2, rule1]);
});

test('reconcile drops the system:nodes grant the Node authorizer replaced, and only on system:node', () => {
  const expected = binding(undefined, 'system:node', { kind: 'ClusterRole', name: 'system:node' }, []);
  const existing = binding(undefined, 'system:node', { kind: 'ClusterRole', name: 'system:node' }, [group('system:nodes')]);
  const result = reconcileClusterRoleBinding(existing, expected)!;
  assert.equal(result.recreate, false);
  assert.deepEqual(result.binding.subjects, []);
  const other = binding(undefined, 'b', { kind: 'ClusterRole', name: 'r' }, []);
  assert.equal(reconcileClusterRoleBinding(binding(undefined, 'b', { kind: 'ClusterRole', name: 'r' }, [group('mine')]), other), undefined);
});
