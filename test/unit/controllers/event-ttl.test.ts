import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deleteExpiredEvents, lastOccurrence } from '../../../src/controllers/event-ttl.js';
import { ApiRegistry } from '../../../src/registry/api-registry.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import { openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import { tempDir } from '../../helpers/arca-process.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

describe('event TTL', () => {
  it('reads the last occurrence from lastTimestamp, eventTime or creation', () => {
    assert.equal(lastOccurrence({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z' }, lastTimestamp: '2026-01-01T02:00:00Z' }), Date.parse('2026-01-01T02:00:00Z'));
    assert.equal(lastOccurrence({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z' }, eventTime: '2026-01-01T01:00:00.000000Z' }), Date.parse('2026-01-01T01:00:00Z'));
    assert.equal(lastOccurrence({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z' } }), Date.parse('2026-01-01T00:00:00Z'));
  });

  it('deletes only events older than the TTL', async () => {
    const store = await openSqliteStore(join(dir, 'arca.db'));
    const registry = new ApiRegistry(resourceDefinitions, store);
    await registry.kind('', 'Namespace').store.create(undefined, { metadata: { name: 'default' } }, { dryRun: false, fieldManager: 't' });
    const events = registry.kind('', 'Event').store;
    const event = (name: string, last: string) => ({
      metadata: { name, namespace: 'default' },
      involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'x' },
      reason: 'Test', message: name, lastTimestamp: last, firstTimestamp: last, count: 1, type: 'Normal', source: { component: 'test' },
    });
    await events.create('default', event('old', '2026-01-01T00:00:00Z'), { dryRun: false, fieldManager: 't' });
    await events.create('default', event('fresh', '2026-01-01T00:59:00Z'), { dryRun: false, fieldManager: 't' });
    const deleted = await deleteExpiredEvents(registry, 60 * 60 * 1000, new Date('2026-01-01T01:30:00Z'));
    assert.equal(deleted, 1);
    const left = await events.list('default', {});
    assert.deepEqual(left.items.map((e) => e.metadata.name), ['fresh']);
    await store.close();
  });
});
