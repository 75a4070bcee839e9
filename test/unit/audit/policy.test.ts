import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluatePolicy, parseAuditPolicy, type AuditAttributes, type AuditPolicy } from '../../../src/audit/policy.js';

const alice = { username: 'alice', groups: ['dev', 'system:authenticated'] };
const resource = (extra: Partial<AuditAttributes>): AuditAttributes =>
  ({ user: alice, verb: 'get', isResourceRequest: true, path: '/api/v1/namespaces/default/secrets/s', apiGroup: '', resource: 'secrets', namespace: 'default', name: 's', ...extra });
const nonResource = (path: string): AuditAttributes => ({ user: alice, verb: 'get', isResourceRequest: false, path });

const policy = (rules: string): AuditPolicy => parseAuditPolicy(`apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n${rules}`);
const levelOf = (p: AuditPolicy, attrs: AuditAttributes) => evaluatePolicy(p, attrs).level;

describe('audit policy loading', () => {
  it('reports every invalid field in kube-apiserver words', () => {
    assert.throws(() => policy(`
  - level: Verbose
  - level: Metadata
    nonResourceURLs: ["healthz", "/a*b"]
    namespaces: ["x"]
  - level: Request
    resources: [{group: "Apps", resourceNames: ["x"]}]
    omitStages: ["Later"]
  - {}`), {
      message: '[rules[0].level: Unsupported value: "Verbose": supported values: "None", "Metadata", "Request", "RequestResponse", '
        + 'rules[1].nonResourceURLs[0]: Invalid value: "healthz": non-resource URL rules must begin with a \'/\' character, '
        + 'rules[1].nonResourceURLs[1]: Invalid value: "/a*b": non-resource URL wildcards \'*\' must be the final character of the rule, '
        + 'rules[1].nonResourceURLs: Invalid value: []string{"healthz", "/a*b"}: rules cannot apply to both regular resources and non-resource URLs, '
        + 'rules[2].resources.group: Invalid value: "Apps": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\'), '
        + 'rules[2].resources.resourceNames: Invalid value: []string{"x"}: using resourceNames requires at least one resource, '
        + 'rules[2].omitStages[0]: Invalid value: "Later": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic, '
        + 'rules[3].level: Required value]',
    });
  });

  it('rejects other kinds and empty policies', () => {
    assert.throws(() => parseAuditPolicy('apiVersion: v1\nkind: ConfigMap\n'), { message: 'unknown group version field /v1, Kind=ConfigMap in policy' });
    assert.throws(() => parseAuditPolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n'), { message: 'loaded illegal policy with 0 rules' });
  });

  it('accepts JSON', () => {
    const p = parseAuditPolicy('{"apiVersion":"audit.k8s.io/v1","kind":"Policy","omitStages":["RequestReceived"],"rules":[{"level":"Request"}]}');
    assert.deepEqual(evaluatePolicy(p, nonResource('/version')), { level: 'Request', omitStages: ['RequestReceived'], omitManagedFields: false });
  });
});

describe('audit policy matching', () => {
  it('uses the first matching rule and None when none matches', () => {
    const p = policy(`
  - level: None
    users: ["system:kube-proxy"]
  - level: RequestResponse
    userGroups: ["dev"]
    verbs: ["create"]
  - level: Metadata
    resources: [{group: "", resources: ["secrets"]}]`);
    assert.equal(levelOf(p, resource({ verb: 'create' })), 'RequestResponse');
    assert.equal(levelOf(p, resource({})), 'Metadata');
    assert.equal(levelOf(p, resource({ user: { username: 'system:kube-proxy', groups: [] }, verb: 'create' })), 'None');
    assert.equal(levelOf(p, resource({ resource: 'configmaps' })), 'None');
  });

  it('matches resources by group, subresource forms and resource names', () => {
    const p = policy(`
  - level: Request
    resources: [{group: "", resources: ["pods/log", "*/status"]}]
  - level: RequestResponse
    resources: [{group: "apps", resources: ["deployments/*"]}]
  - level: Metadata
    resources: [{group: "", resources: ["configmaps"], resourceNames: ["settings"]}]`);
    assert.equal(levelOf(p, resource({ resource: 'pods', subresource: 'log' })), 'Request');
    assert.equal(levelOf(p, resource({ resource: 'pods' })), 'None');
    assert.equal(levelOf(p, resource({ resource: 'namespaces', subresource: 'status' })), 'Request');
    assert.equal(levelOf(p, resource({ apiGroup: 'apps', resource: 'deployments', subresource: 'scale' })), 'RequestResponse');
    assert.equal(levelOf(p, resource({ resource: 'deployments', subresource: 'scale' })), 'None');
    assert.equal(levelOf(p, resource({ resource: 'configmaps', name: 'settings' })), 'Metadata');
    assert.equal(levelOf(p, resource({ resource: 'configmaps', name: 'other' })), 'None');
  });

  it('matches namespaces, with "" for cluster-scoped resources', () => {
    const p = policy(`
  - level: Request
    namespaces: ["kube-system", ""]`);
    assert.equal(levelOf(p, resource({ namespace: 'kube-system' })), 'Request');
    assert.equal(levelOf(p, resource({ namespace: undefined, resource: 'namespaces' })), 'Request');
    assert.equal(levelOf(p, resource({ namespace: 'default' })), 'None');
    assert.equal(levelOf(p, nonResource('/healthz')), 'None');
  });

  it('matches non-resource URLs exactly or by a trailing *', () => {
    const p = policy(`
  - level: Metadata
    nonResourceURLs: ["/healthz*", "/version"]`);
    assert.equal(levelOf(p, nonResource('/healthz')), 'Metadata');
    assert.equal(levelOf(p, nonResource('/healthz/etcd')), 'Metadata');
    assert.equal(levelOf(p, nonResource('/version')), 'Metadata');
    assert.equal(levelOf(p, nonResource('/version/x')), 'None');
    assert.equal(levelOf(p, resource({})), 'None');
  });

  it('adds the rule\'s omitStages to the policy\'s', () => {
    const p = parseAuditPolicy(`apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
omitManagedFields: true
rules:
  - level: Request
    omitStages: ["ResponseStarted", "RequestReceived"]`);
    assert.deepEqual(evaluatePolicy(p, resource({})), { level: 'Request', omitStages: ['RequestReceived', 'ResponseStarted'], omitManagedFields: true });
  });
});
