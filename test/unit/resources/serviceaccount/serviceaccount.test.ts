import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateMessage } from '../../../../src/machinery/field-errors.js';
import { serviceAccounts } from '../../../../src/resources/serviceaccount/index.js';
import type { ServiceAccount } from '../../../../src/resources/serviceaccount/schema.js';
import { validateServiceAccount, validateServiceAccountUpdate } from '../../../../src/resources/serviceaccount/validation.js';

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const sa = (fields: Partial<ServiceAccount> = {}): ServiceAccount => ({ metadata: { name: 'builder', namespace: 'team-a' }, ...fields });

describe('validateServiceAccount', () => {
  it('checks only metadata, with DNS-1123 subdomain names', () => {
    assert.deepEqual(validateServiceAccount(sa({ secrets: [{ name: 'Anything Goes' }], automountServiceAccountToken: false })), []);
    assert.deepEqual(validateServiceAccount(sa({ metadata: { name: 'ci.builder', namespace: 'team-a' } })), []);
    assert.equal(aggregateMessage(validateServiceAccount(sa({ metadata: { name: 'Builder', namespace: 'team-a' } }))),
      `metadata.name: Invalid value: "Builder": ${SUBDOMAIN}`);
  });

  it('keeps the name on update', () => {
    assert.equal(aggregateMessage(validateServiceAccountUpdate(sa({ metadata: { name: 'other', namespace: 'team-a' } }), sa())),
      'metadata.name: Invalid value: "other": field is immutable');
  });
});

describe('serviceAccounts definition', () => {
  it('is core/v1 serviceaccounts, short name sa, with a token subresource answering TokenRequest', () => {
    assert.deepEqual([serviceAccounts.group, serviceAccounts.version, serviceAccounts.kind, serviceAccounts.plural, serviceAccounts.shortNames],
      ['', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa']]);
    assert.deepEqual(serviceAccounts.subresources.map((s) => [s.name, s.group, s.version, s.kind, s.verbs]),
      [['token', 'authentication.k8s.io', 'v1', 'TokenRequest', ['create']]]);
  });

  it('keeps only the names of secret references', () => {
    const obj = sa({ secrets: [{ name: 'a', kind: 'Secret', uid: 'u', namespace: 'team-a' }] });
    serviceAccounts.strategy.prepareForCreate(obj);
    assert.deepEqual(obj.secrets, [{ name: 'a' }]);
  });

  it('prints NAME, SECRETS (a count) and AGE', () => {
    assert.deepEqual(serviceAccounts.table.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Secrets', 'string'], ['Age', 'string']]);
    const now = new Date('2025-01-02T03:00:00Z');
    assert.deepEqual(serviceAccounts.table.cells(sa({ metadata: { name: 'builder', creationTimestamp: '2025-01-02T02:55:00Z' }, secrets: [{ name: 'x' }] }), now),
      ['builder', 1, '5m']);
  });

  it('selects on metadata.name and metadata.namespace only', () => {
    assert.deepEqual(Object.keys(serviceAccounts.fieldSelectors), ['metadata.name', 'metadata.namespace']);
    assert.equal(serviceAccounts.unsupportedFieldSelector('spec.x'), '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });
});
