import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escalationError, FULL_AUTHORITY } from '../../../../src/auth/rbac/escalation.js';
import { compactRules, compactString, covers } from '../../../../src/auth/rbac/policy-comparator.js';
import { binding, clusterRole, objects, user } from './fixtures.js';

const rbac = objects({
  clusterRoles: [clusterRole('cm-editor', [{ verbs: ['get', 'create'], apiGroups: [''], resources: ['configmaps'] }])],
  bindings: [binding('app', 'jane-cm', { kind: 'ClusterRole', name: 'cm-editor' }, [user('jane')])],
});
const jane = { username: 'jane', groups: ['devs', 'system:authenticated'] };

test('granting rules one already holds is no escalation', () => {
  assert.equal(escalationError(rbac, jane, 'app', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['x'] }]), undefined);
});

test('the missing rules are listed compactly and sorted, as ConfirmNoEscalation words it', () => {
  assert.equal(
    escalationError(rbac, jane, 'app', [{ verbs: ['get', 'list', 'delete'], apiGroups: [''], resources: ['configmaps', 'secrets'] }]),
    'user "jane" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
    + '{APIGroups:[""], Resources:["configmaps"], Verbs:["list" "delete"]}\n'
    + '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list" "delete"]}',
  );
  assert.equal(
    escalationError(rbac, jane, 'other', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }]),
    'user "jane" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
    + '{APIGroups:[""], Resources:["configmaps"], Verbs:["get"]}',
  );
});

test('covers: * and */subresource owners cover, names narrow', () => {
  assert.equal(covers(FULL_AUTHORITY, [{ verbs: ['escalate'], apiGroups: ['x'], resources: ['y/z'] }]).covered, true);
  assert.equal(covers([{ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }]).covered, true);
  assert.deepEqual(covers([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]).missing,
    [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]);
  assert.deepEqual(covers([{ verbs: ['get'], nonResourceURLs: ['/apis/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/apis/apps', '/healthz'] }]).missing,
    [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]);
});

test('compactString and compactRules', () => {
  assert.equal(compactString({ verbs: ['get'], nonResourceURLs: ['/x'] }), '{NonResourceURLs:["/x"], Verbs:["get"]}');
  assert.equal(compactString({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['a'] }),
    '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["a"], Verbs:["get"]}');
  assert.deepEqual(compactRules([
    { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
    { verbs: ['get'], nonResourceURLs: ['/x'] },
    { verbs: ['list'], apiGroups: [''], resources: ['secrets'] },
  ]), [{ verbs: ['get'], nonResourceURLs: ['/x'] }, { verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] }]);
});
