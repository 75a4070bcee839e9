import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors } from '../../../src/machinery/status.js';
import { validateBindingUpdate, validateClusterRole, validateRole, validateRoleBinding } from '../../../src/resources/rbac/validation.js';

const message = (kind: string, name: string, errs: Parameters<typeof errors.invalid>[2]) =>
  errors.invalid({ group: 'rbac.authorization.k8s.io', kind }, name, errs).message;

test('rules need verbs, groups and resources; namespaced rules no URLs', () => {
  assert.equal(message('Role', 'r', validateRole({ metadata: { name: 'r', namespace: 'ns' }, rules: [{ verbs: [] }, { verbs: ['get'], nonResourceURLs: ['/x'], resources: ['a'] }] })),
    'Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource, rules[1].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs, rules[1].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs]');
  assert.deepEqual(validateClusterRole({ metadata: { name: 'c' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }] }), []);
  assert.equal(message('ClusterRole', 'c', validateClusterRole({ metadata: { name: 'c' }, aggregationRule: {} })),
    'ClusterRole.rbac.authorization.k8s.io "c" is invalid: aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil');
});

test('bindings: roleRef group and kind, subjects', () => {
  assert.equal(message('RoleBinding', 'b', validateRoleBinding({
    metadata: { name: 'b', namespace: 'ns' }, roleRef: { apiGroup: 'x', kind: 'Thing', name: '' },
    subjects: [{ kind: 'User', name: 'u' }, { kind: 'Robot', name: 'r' }, { kind: 'ServiceAccount', name: 'Bad_Name', apiGroup: 'x' }],
  })), 'RoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io", roleRef.kind: Unsupported value: "Thing": supported values: "Role", "ClusterRole", roleRef.name: Required value, subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io", subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group", subjects[2].name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\'), subjects[2].apiGroup: Unsupported value: "x": supported values: ""]');
});

test('roleRef cannot change', () => {
  const old = { metadata: { name: 'b', namespace: 'ns', resourceVersion: '1' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' } };
  const changed = { ...old, roleRef: { ...old.roleRef, name: 'b' } };
  assert.deepEqual(validateBindingUpdate(changed, old, validateRoleBinding), [{
    type: 'FieldValueInvalid', field: 'roleRef',
    body: 'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef',
  }]);
});
