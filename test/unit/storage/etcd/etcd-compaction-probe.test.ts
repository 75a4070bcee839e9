import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { probeCompactedRevision } from '../../../../src/storage/etcd/etcd-compaction-probe.js';
import { eventually } from '../../../helpers/eventually.js';
import { fakeStreams } from './fake-watch-stream.js';

const key = Buffer.from('/arca');

describe('probeCompactedRevision', () => {
  it('watches from the refused revision and reads the compacted revision off the refusal', async () => {
    const { open, streams } = fakeStreams();
    const probing = probeCompactedRevision(open, key, 5);
    await eventually(() => assert.equal(streams[0]?.written.length, 1));
    assert.deepEqual(streams[0].written, [{ create_request: { key, start_revision: 5 } }]);
    streams[0].respond({ created: true, revision: 30 });
    streams[0].respond({ canceled: true, compact_revision: '17' });
    assert.equal(await probing, 17);
    assert.deepEqual([streams[0].ended, streams[0].cancelled], [true, true]);
  });

  it('gives up when the stream fails or etcd does not answer in time', async () => {
    const failing = fakeStreams();
    const probing = probeCompactedRevision(failing.open, key, 5);
    await eventually(() => assert.equal(failing.streams.length, 1));
    failing.streams[0].fail();
    assert.equal(await probing, undefined);

    const silent = fakeStreams();
    assert.equal(await probeCompactedRevision(silent.open, key, 0, 20), undefined);
    assert.deepEqual(silent.streams[0].written, [{ create_request: { key, start_revision: 1 } }]);
    assert.equal(silent.streams[0].ended, true);
  });
});
