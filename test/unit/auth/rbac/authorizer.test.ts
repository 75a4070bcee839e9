import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAuthorizer } from '../../../../src/auth/rbac/authorizer.js';
import { rulesFor } from '../../../../src/auth/rbac/rule-resolver.js';
import type { Attributes } from '../../../../src/auth/rbac/types.js';
import { binding, clusterRole, group, objects, role, user } from './fixtures.js';

const rbac = objects({
  roles: [role('app', 'secret-reader', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['app-secrets'] }])],
  clusterRoles: [clusterRole('view', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] }])],
  bindings: [
    binding('app', 'jane-reads', { kind: 'Role', name: 'secret-reader' }, [user('jane')]),
    binding(undefined, 'devs-view', { kind: 'ClusterRole', name: 'view' }, [group('devs')]),
    binding('app', 'builder-view', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'builder' }]),
    binding('app', 'broken', { kind: 'ClusterRole', name: 'missing' }, [user('jane')]),
  ],
});
const authorize = createAuthorizer(rbac);
const get = (username: string, groups: string[], resource: string, namespace?: string, name?: string): Attributes =>
  ({ user: { username, groups }, isResourceRequest: true, verb: 'get', apiGroup: '', resource, namespace, name });

test('system:masters may do anything, with no reason', () => {
  assert.deepEqual(authorize(get('admin', ['system:masters'], 'secrets', 'x', 'y')), { allowed: true, reason: '' });
});

test('an allowing rule names its binding, role and subject', () => {
  assert.deepEqual(authorize(get('jane', [], 'secrets', 'app', 'app-secrets')), {
    allowed: true, reason: 'RBAC: allowed by RoleBinding "jane-reads/app" of Role "secret-reader" to User "jane"',
  });
  assert.deepEqual(authorize(get('bob', ['devs'], 'configmaps', 'other')), {
    allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "devs-view" of ClusterRole "view" to Group "devs"',
  });
  assert.deepEqual(authorize(get('system:serviceaccount:app:builder', [], 'configmaps', 'app')), {
    allowed: true, reason: 'RBAC: allowed by RoleBinding "builder-view/app" of ClusterRole "view" to ServiceAccount "builder/app"',
  });
});

test('a denial carries the resolution errors met on the way', () => {
  assert.deepEqual(authorize(get('jane', [], 'secrets', 'app', 'other')), {
    allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found',
  });
  assert.deepEqual(authorize(get('nobody', [], 'secrets', 'app')), { allowed: false, reason: '' });
  // RoleBindings only count in their namespace; a service account elsewhere does not match.
  assert.deepEqual(authorize(get('system:serviceaccount:other:builder', [], 'configmaps', 'app')), { allowed: false, reason: '' });
});

test('rulesFor lists cluster-wide then namespaced rules, and the errors', () => {
  assert.deepEqual(rulesFor(rbac, { username: 'jane', groups: ['devs'] }, 'app'), {
    rules: [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['app-secrets'] },
    ],
    errors: ['clusterrole.rbac.authorization.k8s.io "missing" not found'],
  });
});
