// MicroTime parsing (Go's time.Parse with RFC3339Micro) and the stored wire form of Events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../../src/machinery/status.js';
import { parseMicroTime } from '../../../src/resources/event/micro-time.js';
import { normalizeEventWireForm } from '../../../src/resources/event/wire-form.js';

const LAYOUT = '"2006-01-02T15:04:05.000000Z07:00"';
const value = (text: string) => {
  const parsed = parseMicroTime(text);
  return 'value' in parsed ? parsed.value : parsed.error;
};

describe('parseMicroTime', () => {
  it('accepts exactly six fractional digits and writes the instant in UTC', () => {
    assert.deepEqual(parseMicroTime('2024-01-01T10:00:00.123456Z'),
      { value: '2024-01-01T10:00:00.123456Z', epochMicros: Date.UTC(2024, 0, 1, 10) * 1000 + 123456 });
    assert.equal(value('2024-01-01T10:00:00.123456+05:30'), '2024-01-01T04:30:00.123456Z');
    assert.equal(value('2024-01-01T00:00:00,123456Z'), '2024-01-01T00:00:00.123456Z');
    assert.equal(value('2024-01-01T1:00:00.000000Z'), '2024-01-01T01:00:00.000000Z');
    assert.equal(value('0001-01-01T00:00:00.000000Z'), '0001-01-01T00:00:00.000000Z');
  });

  it('reads the fraction with Go\'s atoi, sign included', () => {
    assert.equal(value('2024-01-01T00:00:00.+12345Z'), '2024-01-01T00:00:00.012345Z');
    assert.equal(value('2024-01-01T00:00:00.-00000Z'), '2024-01-01T00:00:00.000000Z');
    assert.equal(value('2024-01-01T00:00:00.-12345Z'), 'parsing time "2024-01-01T00:00:00.-12345Z": fractional second out of range');
  });

  it('fails as time.Parse does on a missing or short fraction', () => {
    assert.equal(value('2024-01-01T00:00:00Z'), `parsing time "2024-01-01T00:00:00Z" as ${LAYOUT}: cannot parse "Z" as ".000000"`);
    assert.equal(value('2024-01-01T00:00:00.000Z'), `parsing time "2024-01-01T00:00:00.000Z" as ${LAYOUT}: cannot parse ".000Z" as ".000000"`);
    assert.equal(value('2024-01-01T00:00:00+05:30'), `parsing time "2024-01-01T00:00:00+05:30" as ${LAYOUT}: cannot parse "+05:30" as ".000000"`);
    assert.equal(value('2024-01-01T00:00:00.123+05:30'), `parsing time "2024-01-01T00:00:00.123+05:30" as ${LAYOUT}: cannot parse ".123+05:30" as ".000000"`);
  });

  it('fails on the zone after a long fraction, a bad zone, or text after it', () => {
    assert.equal(value('2024-01-01T00:00:00.123456789Z'), `parsing time "2024-01-01T00:00:00.123456789Z" as ${LAYOUT}: cannot parse "789Z" as "Z07:00"`);
    assert.equal(value('2024-01-01T00:00:00.123456*05:00'), `parsing time "2024-01-01T00:00:00.123456*05:00" as ${LAYOUT}: cannot parse "*05:00" as "Z07:00"`);
    assert.equal(value('2024-01-01T00:00:00.123456+25:00'), 'parsing time "2024-01-01T00:00:00.123456+25:00": time zone offset hour out of range');
    assert.equal(value('2024-01-01T00:00:00.123456Zabc'), 'parsing time "2024-01-01T00:00:00.123456Zabc": extra text: "abc"');
  });

  it('fails on the date and clock as the RFC 3339 decoder does, with this layout', () => {
    assert.equal(value('garbage'), `parsing time "garbage" as ${LAYOUT}: cannot parse "garbage" as "2006"`);
    assert.equal(value('2024-13-01T00:00:00.000000Z'), 'parsing time "2024-13-01T00:00:00.000000Z": month out of range');
    assert.equal(value('2024-02-30T00:00:00.000000Z'), 'parsing time "2024-02-30T00:00:00.000000Z": day out of range');
  });
});

describe('normalizeEventWireForm', () => {
  it('adds the fields Go always writes and drops empty omitempty ones', () => {
    const event: Record<string, unknown> = {
      metadata: { name: 'e' }, reason: '', message: '', type: '', action: '', count: 0,
      involvedObject: { kind: 'ConfigMap', name: 'app', uid: '', fieldPath: '' }, related: null, series: null,
    };
    normalizeEventWireForm(event);
    assert.deepEqual(event, {
      metadata: { name: 'e' },
      involvedObject: { kind: 'ConfigMap', name: 'app' },
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('brings times to their canonical forms, zero times to null', () => {
    const event: Record<string, unknown> = {
      metadata: {}, involvedObject: null, source: { component: 'kubelet', host: '' },
      firstTimestamp: '2024-05-01T10:00:00.987+02:00', lastTimestamp: '0001-01-01T00:00:00Z',
      eventTime: '2024-05-01T10:00:00.123456+02:00', series: { count: 0, lastObservedTime: '0001-01-01T00:00:00.000000Z' },
      reportingComponent: 'kubelet', reportingInstance: 'node-1',
    };
    normalizeEventWireForm(event);
    assert.deepEqual(event, {
      metadata: {}, involvedObject: {}, source: { component: 'kubelet' },
      firstTimestamp: '2024-05-01T08:00:00Z', lastTimestamp: null,
      eventTime: '2024-05-01T08:00:00.123456Z', series: { lastObservedTime: null },
      reportingComponent: 'kubelet', reportingInstance: 'node-1',
    });
  });

  it('refuses a MicroTime Go cannot parse as a decode error', () => {
    for (const [field, event] of [
      ['eventTime', { eventTime: '2024-05-01T10:00:00.000Z' }],
      ['series.lastObservedTime', { series: { count: 2, lastObservedTime: '2024-05-01T10:00:00.000Z' } }],
    ] as const) {
      assert.throws(() => normalizeEventWireForm({ metadata: {}, ...event }), (e: unknown) => {
        assert.ok(e instanceof StatusError, field);
        assert.deepEqual(e.status, {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400,
          message: `Event in version "v1" cannot be handled as a Event: parsing time "2024-05-01T10:00:00.000Z" as ${LAYOUT}: cannot parse ".000Z" as ".000000"`,
        });
        return true;
      });
    }
  });
});
