import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nonResourceURLMatches, resourceMatches, ruleAllows } from '../../../../src/auth/rbac/rule-matching.js';
import type { Attributes, PolicyRule } from '../../../../src/auth/rbac/types.js';

const jane = { username: 'jane', groups: ['system:authenticated'] };
const req = (verb: string, resource: string, extra: Partial<Extract<Attributes, { isResourceRequest: true }>> = {}): Attributes =>
  ({ user: jane, isResourceRequest: true, verb, apiGroup: '', resource, namespace: 'ns', ...extra });

test('verbs, groups and resources match exactly or by *', () => {
  const rule: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] };
  assert.equal(ruleAllows(req('get', 'configmaps'), rule), true);
  assert.equal(ruleAllows(req('watch', 'configmaps'), rule), false);
  assert.equal(ruleAllows(req('get', 'secrets'), rule), false);
  assert.equal(ruleAllows(req('get', 'configmaps', { apiGroup: 'apps' }), rule), false);
  const all: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
  assert.equal(ruleAllows(req('deletecollection', 'anything', { apiGroup: 'x.io', subresource: 'status' }), all), true);
});

test('subresources match as resource/sub or */sub, never by the bare resource', () => {
  assert.equal(resourceMatches({ verbs: ['get'], resources: ['pods/log'] }, 'pods/log', 'log'), true);
  assert.equal(resourceMatches({ verbs: ['get'], resources: ['pods'] }, 'pods/log', 'log'), false);
  assert.equal(resourceMatches({ verbs: ['get'], resources: ['*/log'] }, 'pods/log', 'log'), true);
  assert.equal(resourceMatches({ verbs: ['get'], resources: ['*/log'] }, 'pods', ''), false);
});

test('resourceNames restrict to named objects: list, watch and create (no name) do not match', () => {
  const rule: PolicyRule = { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'], resourceNames: ['app-secrets'] };
  assert.equal(ruleAllows(req('get', 'secrets', { name: 'app-secrets' }), rule), true);
  assert.equal(ruleAllows(req('get', 'secrets', { name: 'other' }), rule), false);
  assert.equal(ruleAllows(req('list', 'secrets'), rule), false);
  assert.equal(ruleAllows(req('watch', 'secrets', { name: 'app-secrets' }), rule), true);
});

test('non-resource URLs match exactly, by * or by a trailing-* prefix', () => {
  const rule: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
  assert.equal(nonResourceURLMatches(rule, '/healthz'), true);
  assert.equal(nonResourceURLMatches(rule, '/healthz/etcd'), false);
  assert.equal(nonResourceURLMatches(rule, '/apis/apps/v1'), true);
  assert.equal(nonResourceURLMatches(rule, '/apis'), false);
  assert.equal(ruleAllows({ user: jane, isResourceRequest: false, verb: 'post', path: '/healthz' }, rule), false);
  assert.equal(ruleAllows({ user: jane, isResourceRequest: false, verb: 'get', path: '/anything' }, { verbs: ['get'], nonResourceURLs: ['*'] }), true);
});
