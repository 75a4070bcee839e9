import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateMessage } from '../../../src/machinery/field-errors.js';
import { validateEventCreate, validateEventUpdate, type EventInput } from '../../../src/resources/event/validation.js';

const QUALIFIED_NAME = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** A kubelet-style (legacy) event about a ConfigMap in `default`. */
const legacy = (fields: Partial<EventInput> = {}): EventInput => ({
  metadata: { name: 'app-config.17c3f0a1b2c3d4e5', namespace: 'default' },
  involvedObject: { namespace: 'default' },
  reason: 'Updated',
  message: 'ConfigMap updated',
  ...fields,
});

/** A new-style event (eventTime set) with every reporting field filled in. */
const newStyle = (fields: Partial<EventInput> = {}): EventInput => legacy({
  eventTime: '2024-05-01T10:00:00.000000Z',
  reportingComponent: 'arca.dev/agent',
  reportingInstance: 'node-1',
  action: 'Mount',
  ...fields,
});

describe('validateEventCreate (core/v1)', () => {
  it('accepts legacy and new-style events, whatever their type', () => {
    assert.deepEqual(validateEventCreate(legacy()), []);
    assert.deepEqual(validateEventCreate(legacy({ involvedObject: {} })), []);
    assert.deepEqual(validateEventCreate(newStyle()), []);
    // type Normal|Warning is only enforced for events.k8s.io requests.
    assert.deepEqual(validateEventCreate(legacy({ type: 'Bogus' } as Partial<EventInput>)), []);
  });

  it('requires the involved object\'s namespace to match (empty only in default)', () => {
    assert.equal(aggregateMessage(validateEventCreate(legacy({ involvedObject: { namespace: 'other' } }))),
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace');
    assert.equal(aggregateMessage(validateEventCreate(legacy({
      metadata: { name: 'e', namespace: 'team-a' }, involvedObject: {},
    }))), 'involvedObject.namespace: Invalid value: "": does not match event.namespace');
  });

  it('lets new-style events with an empty involved namespace live in default or kube-system only', () => {
    for (const namespace of ['default', 'kube-system']) {
      assert.deepEqual(validateEventCreate(newStyle({ metadata: { name: 'e', namespace }, involvedObject: {} })), []);
    }
    // A set involvedObject.namespace is not compared for new-style events.
    assert.deepEqual(validateEventCreate(newStyle({ metadata: { name: 'e', namespace: 'team-a' }, involvedObject: { namespace: 'other' } })), []);
    assert.equal(aggregateMessage(validateEventCreate(newStyle({ metadata: { name: 'e', namespace: 'team-a' }, involvedObject: {} }))),
      'involvedObject.namespace: Invalid value: "": does not match event.namespace');
  });

  it('requires the reporting fields, action and reason once eventTime is set, with upstream paths', () => {
    const errs = validateEventCreate({
      metadata: { name: 'e', namespace: 'default' }, involvedObject: { namespace: 'default' }, eventTime: '2024-05-01T10:00:00.000000Z',
    });
    assert.deepEqual(errs.map((e) => e.field),
      ['reportingController', 'reportingController', 'reportingController', 'reportingInstance', 'action', 'reason']);
    assert.equal(aggregateMessage(errs), '[' + [
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      `reportingController: Invalid value: "": ${QUALIFIED_NAME}`,
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ].join(', ') + ']');
  });

  it('checks the reporting controller as a qualified name', () => {
    assert.equal(aggregateMessage(validateEventCreate(newStyle({ reportingComponent: 'my controller' }))),
      `reportingController: Invalid value: "my controller": ${QUALIFIED_NAME}`);
  });

  it('limits lengths in bytes, reporting an empty value', () => {
    assert.deepEqual(validateEventCreate(newStyle({
      reportingInstance: 'i'.repeat(128), action: 'a'.repeat(128), reason: 'r'.repeat(128), message: 'm'.repeat(1024),
    })), []);
    const errs = validateEventCreate(newStyle({
      reportingInstance: 'i'.repeat(129), action: 'a'.repeat(129), reason: 'é'.repeat(65), message: 'm'.repeat(1025),
    }));
    assert.deepEqual(errs, [
      { type: 'FieldValueInvalid', field: 'reportingInstance', body: 'Invalid value: "": can have at most 128 characters' },
      { type: 'FieldValueInvalid', field: 'action', body: 'Invalid value: "": can have at most 128 characters' },
      { type: 'FieldValueInvalid', field: 'reason', body: 'Invalid value: "": can have at most 128 characters' },
      { type: 'FieldValueInvalid', field: 'message', body: 'Invalid value: "": can have at most 1024 characters' },
    ]);
  });

  it('does not limit legacy events', () => {
    assert.deepEqual(validateEventCreate(legacy({ reason: 'r'.repeat(500), message: 'm'.repeat(5000) })), []);
  });

  it('checks the namespace as a DNS subdomain on the path `namespace`', () => {
    assert.equal(aggregateMessage(validateEventCreate(legacy({ metadata: { name: 'e', namespace: 'Team_A' }, involvedObject: { namespace: 'Team_A' } }))),
      `namespace: Invalid value: "Team_A": ${SUBDOMAIN}`);
  });

  it('checks metadata only once the Event rules pass, with path-segment names', () => {
    // Event names are not DNS subdomains: anything usable in a URL path segment goes.
    assert.deepEqual(validateEventCreate(legacy({ metadata: { name: 'My Event_1', namespace: 'default' } })), []);
    assert.equal(aggregateMessage(validateEventCreate(legacy({ metadata: { name: 'a%b', namespace: 'default' } }))),
      'metadata.name: Invalid value: "a%b": may not contain \'%\'');
    assert.equal(aggregateMessage(validateEventCreate(legacy({
      metadata: { name: 'a%b', namespace: 'default' }, involvedObject: { namespace: 'other' },
    }))), 'involvedObject.namespace: Invalid value: "other": does not match event.namespace');
  });

  it('applies apimachinery\'s finalizer rules but not the core group\'s', () => {
    assert.deepEqual(validateEventCreate(legacy({ metadata: { name: 'e', namespace: 'default', finalizers: ['custom'] } })), []);
    assert.equal(aggregateMessage(validateEventCreate(legacy({ metadata: { name: 'e', namespace: 'default', finalizers: ['a/b/c'] } }))),
      'metadata.finalizers: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')');
  });
});

describe('validateEventUpdate (core/v1)', () => {
  const stored = legacy({ metadata: { name: 'e', namespace: 'default', uid: 'u-1' } });

  it('allows changing everything but metadata identity, type included', () => {
    assert.deepEqual(validateEventUpdate(legacy({
      metadata: { name: 'e', namespace: 'default', uid: 'u-1' }, reason: 'Other', message: 'changed', type: 'Warning',
    } as Partial<EventInput>), stored), []);
  });

  it('reports metadata errors ahead of the Event rules', () => {
    const errs = validateEventUpdate(legacy({
      metadata: { name: 'e', namespace: 'default', uid: 'u-2', labels: { 'a b': 'x' } }, involvedObject: { namespace: 'other' },
    }), stored);
    assert.equal(aggregateMessage(errs), '[' + [
      `metadata.labels: Invalid value: "a b": ${QUALIFIED_NAME}`,
      'metadata.uid: Invalid value: "u-2": field is immutable',
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ].join(', ') + ']');
  });

  it('checks metadata.namespace as a DNS label on update (the Event rule takes subdomains)', () => {
    const errs = validateEventUpdate(legacy({ metadata: { name: 'e', namespace: 'a.b', uid: 'u-1' }, involvedObject: { namespace: 'a.b' } }),
      legacy({ metadata: { name: 'e', namespace: 'a.b', uid: 'u-1' }, involvedObject: { namespace: 'a.b' } }));
    assert.equal(aggregateMessage(errs), 'metadata.namespace: Invalid value: "a.b": must not contain dots');
  });
});
