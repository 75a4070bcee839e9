import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unionAuthorizer } from '../../../../src/auth/node/union.js';
import type { Attributes } from '../../../../src/auth/rbac/types.js';

const attributes: Attributes = { user: { username: 'u', groups: [] }, isResourceRequest: false, verb: 'get', path: '/x' };

test('the first authorizer to allow decides; otherwise the next decides and the reasons are joined', () => {
  let asked = 0;
  const rbac = (allowed: boolean, reason: string) => () => { asked++; return { allowed, reason }; };
  assert.deepEqual(unionAuthorizer(() => ({ decision: 'allow', reason: '' }), rbac(false, 'r'))(attributes), { allowed: true, reason: '' });
  assert.equal(asked, 0);
  assert.deepEqual(unionAuthorizer(() => ({ decision: 'no-opinion', reason: 'node says' }), rbac(true, 'RBAC: allowed by x'))(attributes),
    { allowed: true, reason: 'RBAC: allowed by x' });
  assert.deepEqual(unionAuthorizer(() => ({ decision: 'no-opinion', reason: 'node says' }), rbac(false, ''))(attributes), { allowed: false, reason: 'node says' });
  assert.deepEqual(unionAuthorizer(() => ({ decision: 'no-opinion', reason: 'node says' }), rbac(false, 'RBAC: e'))(attributes),
    { allowed: false, reason: 'node says\nRBAC: e' });
  assert.deepEqual(unionAuthorizer(() => ({ decision: 'no-opinion', reason: '' }), rbac(false, ''))(attributes), { allowed: false, reason: '' });
});
