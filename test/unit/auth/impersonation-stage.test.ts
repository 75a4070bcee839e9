import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasImpersonationHeader, impersonatedUser, impersonationAttributes, impersonationRequests } from '../../../src/auth/impersonation-stage.js';

const admin = { username: 'admin', groups: [] };

test('headers become requests; a service account user is recognised', () => {
  assert.deepEqual(impersonationRequests({
    'impersonate-user': ['system:serviceaccount:team-a:builder'], 'impersonate-group': ['devs', 'qa'],
    'impersonate-extra-scopes': ['a', 'b'], 'impersonate-uid': ['42'], accept: ['*/*'],
  }), [
    { kind: 'ServiceAccount', namespace: 'team-a', name: 'builder' },
    { kind: 'Group', name: 'devs' }, { kind: 'Group', name: 'qa' },
    { kind: 'UserExtra', key: 'scopes', value: 'a' }, { kind: 'UserExtra', key: 'scopes', value: 'b' },
    { kind: 'UID', uid: '42' },
  ]);
  assert.deepEqual(impersonationRequests({}), []);
  assert.throws(() => impersonationRequests({ 'impersonate-group': ['devs'] }), { reason: 'InternalError' });
});

test('only a header named Impersonate-<something>, in any case, marks a request as impersonating', () => {
  assert.equal(hasImpersonationHeader(['Host', 'x', 'Impersonate-User', 'jane']), true);
  assert.equal(hasImpersonationHeader(['IMPERSONATE-EXTRA-scopes', 'a']), true);
  assert.equal(hasImpersonationHeader(['impersonate-uid', '42', 'Accept', '*/*']), true);
  assert.equal(hasImpersonationHeader(['Host', 'x', 'Accept', 'Impersonate-User']), false);
  assert.equal(hasImpersonationHeader(['Impersonate-', 'x', 'X-Impersonate-User', 'jane']), false);
  assert.equal(hasImpersonationHeader([]), false);
});

test('each request is authorized as verb impersonate on its resource', () => {
  assert.deepEqual(impersonationAttributes(admin, { kind: 'User', name: 'jane' }),
    { user: admin, isResourceRequest: true, verb: 'impersonate', apiGroup: '', resource: 'users', name: 'jane' });
  assert.deepEqual(impersonationAttributes(admin, { kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }),
    { user: admin, isResourceRequest: true, verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: 'ns', name: 'sa' });
  assert.deepEqual(impersonationAttributes(admin, { kind: 'UserExtra', key: 'scopes', value: 'a' }),
    { user: admin, isResourceRequest: true, verb: 'impersonate', apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: 'scopes', name: 'a' });
});

test('the impersonated user gets system:authenticated, service accounts their groups', () => {
  assert.deepEqual(impersonatedUser([{ kind: 'User', name: 'jane' }], false), { username: 'jane', groups: ['system:authenticated'] });
  assert.deepEqual(impersonatedUser([{ kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }], false),
    { username: 'system:serviceaccount:ns:sa', groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'] });
  assert.deepEqual(impersonatedUser([{ kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }, { kind: 'Group', name: 'g' }], true),
    { username: 'system:serviceaccount:ns:sa', groups: ['g', 'system:authenticated'] });
  assert.deepEqual(impersonatedUser([{ kind: 'User', name: 'system:anonymous' }], false), { username: 'system:anonymous', groups: ['system:unauthenticated'] });
  assert.deepEqual(impersonatedUser([{ kind: 'User', name: 'jane' }, { kind: 'UID', uid: '7' }, { kind: 'UserExtra', key: 'k', value: 'v' }], false),
    { username: 'jane', groups: ['system:authenticated'], uid: '7', extra: { k: ['v'] } });
});
