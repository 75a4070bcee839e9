import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { events } from '../../../src/resources/event/index.js';
import type { Event } from '../../../src/resources/event/schema.js';

const NOW = new Date('2024-05-01T12:00:00Z');

const event = (fields: Partial<Event> = {}): Event => ({
  apiVersion: 'v1', kind: 'Event',
  metadata: { name: 'app-config.17c3f0a1b2c3d4e5', namespace: 'default' },
  involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'app-config', uid: 'u-1', apiVersion: 'v1' },
  reason: 'Updated',
  message: 'ConfigMap updated',
  source: { component: 'arca-agent', host: 'node-1' },
  firstTimestamp: '2024-05-01T11:00:00Z',
  lastTimestamp: '2024-05-01T11:55:00Z',
  count: 3,
  type: 'Normal',
  eventTime: null,
  reportingComponent: '',
  reportingInstance: '',
  ...fields,
});

const cells = (fields: Partial<Event> = {}) => events.table.cells(event(fields), NOW);

describe('Event table', () => {
  it('has upstream\'s columns, the wide ones at priority 1', () => {
    assert.deepEqual(events.table.columns.map((c) => [c.name, c.type, c.format, c.priority]), [
      ['Last Seen', 'string', '', 0],
      ['Type', 'string', '', 0],
      ['Reason', 'string', '', 0],
      ['Object', 'string', '', 0],
      ['Subobject', 'string', '', 1],
      ['Source', 'string', '', 1],
      ['Message', 'string', '', 0],
      ['First Seen', 'string', '', 1],
      ['Count', 'string', '', 1],
      ['Name', 'string', 'name', 1],
    ]);
    assert.deepEqual(events.table.columns.slice(0, 4).map((c) => c.description), [
      'The time at which the most recent occurrence of this event was recorded.',
      'Type of this event (Normal, Warning), new types could be added in the future',
      'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.',
      'The object that this event is about.',
    ]);
    assert.equal(events.table.columns[4]!.description.slice(0, 60), 'If referring to a piece of an object instead of an entire ob');
    assert.equal(events.table.columns[8]!.description, 'The number of times this event has occurred.');
  });

  it('prints a legacy event from its timestamps and count', () => {
    assert.deepEqual(cells(), ['5m', 'Normal', 'Updated', 'configmap/app-config', '', 'arca-agent, node-1', 'ConfigMap updated', '60m', 3, 'app-config.17c3f0a1b2c3d4e5']);
  });

  it('takes Last Seen from First Seen when lastTimestamp is unset, and <unknown> without either', () => {
    assert.deepEqual(cells({ lastTimestamp: null }).slice(0, 1), ['60m']);
    const bare = cells({ firstTimestamp: null, lastTimestamp: null, count: undefined });
    assert.deepEqual([bare[0], bare[7], bare[8]], ['<unknown>', '<unknown>', 1]);
  });

  it('prints new-style events from eventTime and series, to the whole second of the microsecond difference', () => {
    const single = cells({ firstTimestamp: null, lastTimestamp: null, count: undefined, eventTime: '2024-05-01T11:59:55.000500Z' });
    // 4.9995s: rounding the time to milliseconds first would print 5s.
    assert.deepEqual([single[0], single[7], single[8]], ['4s', '4s', 1]);
    const series = cells({
      firstTimestamp: null, lastTimestamp: null, count: undefined, eventTime: '2024-04-29T12:00:00.000000Z',
      series: { count: 7, lastObservedTime: '2024-05-01T11:59:30.000000Z' },
    });
    assert.deepEqual([series[0], series[7], series[8]], ['30s', '2d', 7]);
    const unobserved = cells({ series: { count: 2, lastObservedTime: null } });
    assert.deepEqual([unobserved[0], unobserved[8]], ['<unknown>', 2]);
  });

  it('names the object by lower-cased kind and name, or the kind alone', () => {
    assert.equal(cells({ involvedObject: { kind: 'PersistentVolumeClaim', name: 'data-0' } })[3], 'persistentvolumeclaim/data-0');
    assert.equal(cells({ involvedObject: { kind: 'Node' } })[3], 'node');
    assert.equal(cells({ involvedObject: {} })[3], '');
  });

  it('prints the subobject (fieldPath)', () => {
    assert.equal(cells({ involvedObject: { kind: 'Pod', name: 'web-0', fieldPath: 'spec.containers{app}' } })[4], 'spec.containers{app}');
  });

  it('prints the source as component and host, falling back to the reporting controller and instance', () => {
    assert.equal(cells({ source: { component: 'kubelet' } })[5], 'kubelet');
    assert.equal(cells({ source: {}, reportingComponent: 'arca.dev/agent', reportingInstance: 'node-2' })[5], 'arca.dev/agent, node-2');
    assert.equal(cells({ source: { host: 'node-3' }, reportingComponent: 'ctrl' })[5], 'ctrl, node-3');
    assert.equal(cells({ source: {} })[5], '');
  });

  it('trims the message as Go does (U+0085 is space, U+FEFF is not)', () => {
    assert.equal(cells({ message: '\n\t Back-off pulling image "x"\u0085 ' })[6], 'Back-off pulling image "x"');
    assert.equal(cells({ message: '\ufeffhello\ufeff' })[6], '\ufeffhello\ufeff');
    assert.equal(cells({ message: undefined })[6], '');
  });
});
