import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ObjectCodec } from '../../../src/registry/codec.js';
import { GenericStore } from '../../../src/registry/generic-store.js';
import { events } from '../../../src/resources/event/index.js';
import { recordEvent, type EventRecord } from '../../../src/resources/event/record.js';
import type { Store } from '../../../src/storage/interface.js';
import { openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';

const nanosHex = (date: Date, plus = 0n) => (BigInt(date.getTime()) * 1_000_000n + plus).toString(16);

const occurrence = (fields: Partial<EventRecord> = {}): EventRecord => ({
  namespace: 'default',
  involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'app-config', uid: 'u-1', apiVersion: 'v1' },
  type: 'Warning',
  reason: 'FailedMount',
  message: 'configmap "app-config" not found',
  component: 'arca-agent',
  host: 'node-1',
  ...fields,
});

describe('recordEvent', () => {
  let dir: string;
  let storage: Store;
  let store: GenericStore;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arca-events-'));
    storage = await openSqliteStore(join(dir, 'db.sqlite'));
    store = new GenericStore(events, storage, new ObjectCodec());
  });
  after(() => {
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = async () => (await store.list('default', {})).items
    .map((e) => [e.metadata.name, e.count, e.firstTimestamp, e.lastTimestamp, e.message]);

  it('creates `<object>.<hex unix nanos>` as the kubelet\'s recorder does', async () => {
    const at = new Date('2024-05-01T10:00:00.123Z');
    const created = await recordEvent(store, occurrence(), at);
    const { uid, resourceVersion, creationTimestamp, managedFields, ...meta } = created.metadata;
    assert.deepEqual(meta, { name: `app-config.${nanosHex(at)}`, namespace: 'default' });
    assert.match(uid!, /^[0-9a-f-]{36}$/);
    assert.match(resourceVersion!, /^\d+$/);
    assert.match(creationTimestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(managedFields![0]!.manager, 'arca-agent');
    const { metadata: _metadata, ...body } = created;
    assert.deepEqual(body, {
      apiVersion: 'v1', kind: 'Event',
      involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'app-config', uid: 'u-1', apiVersion: 'v1' },
      reason: 'FailedMount',
      message: 'configmap "app-config" not found',
      source: { component: 'arca-agent', host: 'node-1' },
      firstTimestamp: '2024-05-01T10:00:00Z',
      lastTimestamp: '2024-05-01T10:00:00Z',
      count: 1,
      type: 'Warning',
      eventTime: null,
      reportingComponent: 'arca-agent',
      reportingInstance: 'node-1',
    });
  });

  it('bumps count and lastTimestamp of the same occurrence instead of creating another', async () => {
    const first = new Date('2024-05-01T10:00:00.123Z');
    await recordEvent(store, occurrence(), new Date('2024-05-01T10:01:00Z'));
    const third = await recordEvent(store, occurrence(), new Date('2024-05-01T10:05:30Z'));
    assert.equal(third.metadata.name, `app-config.${nanosHex(first)}`);
    assert.deepEqual(await listed(), [
      [`app-config.${nanosHex(first)}`, 3, '2024-05-01T10:00:00Z', '2024-05-01T10:05:30Z', 'configmap "app-config" not found'],
    ]);
  });

  it('keeps occurrences apart that differ in message, type, source or object', async () => {
    const at = new Date('2024-05-01T11:00:00Z');
    await recordEvent(store, occurrence({ message: 'other text' }), at);
    await recordEvent(store, occurrence({ type: 'Normal' }), at);
    await recordEvent(store, occurrence({ host: 'node-2' }), at);
    await recordEvent(store, occurrence({ involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'app-config', uid: 'u-2', apiVersion: 'v1' } }), at);
    // Within one millisecond the names still differ: the nanos count up.
    assert.deepEqual((await listed()).map(([name, count]) => [name, count]), [
      [`app-config.${nanosHex(new Date('2024-05-01T10:00:00.123Z'))}`, 3],
      [`app-config.${nanosHex(at)}`, 1],
      [`app-config.${nanosHex(at, 1n)}`, 1],
      [`app-config.${nanosHex(at, 2n)}`, 1],
      [`app-config.${nanosHex(at, 3n)}`, 1],
    ]);
  });

  it('takes the next name when its name is taken', async () => {
    const at = new Date('2025-01-01T00:00:00Z');
    const options = { dryRun: false, fieldManager: 'test' };
    await store.create('default', {
      apiVersion: 'v1', kind: 'Event', metadata: { name: `web.${nanosHex(at)}` }, involvedObject: { kind: 'Pod', name: 'web' },
    }, options);
    const recorded = await recordEvent(store, occurrence({ involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' } }), at);
    assert.equal(recorded.metadata.name, `web.${nanosHex(at, 1n)}`);
  });

  it('falls back to a UUID name when `<object>.<nanos>` is no DNS subdomain', async () => {
    const recorded = await recordEvent(store, occurrence({ involvedObject: { kind: 'Node', name: 'Node_A' } }), new Date('2025-02-01T00:00:00Z'));
    assert.match(recorded.metadata.name!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
