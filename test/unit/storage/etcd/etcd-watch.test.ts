import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdKeySpace } from '../../../../src/storage/etcd/etcd-keys.js';
import { toWatchEvent } from '../../../../src/storage/etcd/etcd-kv.js';
import { startResumableWatch, type ResumableWatchOptions } from '../../../../src/storage/etcd/etcd-watch.js';
import { StorageError, type WatchHandle } from '../../../../src/storage/interface.js';
import { eventually } from '../../../helpers/eventually.js';
import { collector } from '../store-contract.js';
import { etcdEvent, fakeStreams } from './fake-watch-stream.js';

const space = new EtcdKeySpace('/arca');
const range = space.range('/w/');

function setup(fromRevision: number) {
  const { open, streams } = fakeStreams();
  const seen = collector();
  const progress: number[] = [];
  const learned: number[] = [];
  const options: ResumableWatchOptions = {
    openStream: open,
    range,
    prefix: '/w/',
    fromRevision,
    decode: (event) => toWatchEvent(space, event),
    callbacks: { onEvents: seen.onEvents, onError: seen.onError, onProgress: (revision) => progress.push(revision) },
    learnCompacted: (revision) => learned.push(revision),
    startFailure: (cause) => new StorageError('Unavailable', '/w/', `cannot start: ${(cause as Error).message}`),
    retryDelays: { initialMs: 1, maxMs: 4 },
  };
  return { options, streams, seen, progress, learned };
}

/** Starts the watch and lets etcd accept it on the first stream. */
async function started(fromRevision: number) {
  const context = setup(fromRevision);
  const starting = startResumableWatch(context.options);
  await eventually(() => assert.equal(context.streams[0]?.written.length, 1));
  context.streams[0].respond({ created: true, revision: 20 });
  const handle: WatchHandle = await starting;
  return { ...context, handle };
}

const createRequest = (startRevision: number) => ({
  create_request: { key: range.key, range_end: range.range_end, start_revision: startRevision, prev_kv: true, progress_notify: true },
});

const eventsOf = (seen: ReturnType<typeof collector>) => seen.events.map((event) => `${event.type} ${event.kv.key}@${event.revision}`);

describe('startResumableWatch', () => {
  it('asks etcd for the range from the start revision itself, with previous values and progress', async () => {
    const { streams, handle } = await started(7);
    assert.deepEqual(streams[0].written, [createRequest(7)]);
    handle.close();
  });

  it('asks for revision 1 when watching from revision 0', async () => {
    const { streams, handle } = await started(0);
    assert.deepEqual(streams[0].written, [createRequest(1)]);
    handle.close();
  });

  it('resolves only once etcd has accepted the watch', async () => {
    const { options, streams } = setup(3);
    let resolved = false;
    const starting = startResumableWatch(options).then((handle) => { resolved = true; return handle; });
    await eventually(() => assert.equal(streams.length, 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(resolved, false);
    streams[0].respond({ created: true, revision: 3 });
    (await starting).close();
  });

  it('delivers the events after the start revision in etcd\'s batches, as Store events', async () => {
    const { streams, seen, handle } = await started(7);
    streams[0].respond({ events: [etcdEvent('/arca/w/a', 7), etcdEvent('/arca/w/b', 8), etcdEvent('/arca/w/a', 9, { prevRevision: 7 })] });
    streams[0].respond({ events: [etcdEvent('/arca/w/b', 10, { deleted: true, prevRevision: 8 })] });
    assert.deepEqual(seen.events, [
      { type: 'put', kv: { key: '/w/b', value: 'v', createRevision: 8, modRevision: 8 }, revision: 8 },
      {
        type: 'put',
        kv: { key: '/w/a', value: 'v', createRevision: 7, modRevision: 9 },
        prevKv: { key: '/w/a', value: 'old', createRevision: 7, modRevision: 7 },
        revision: 9,
      },
      {
        type: 'delete',
        kv: { key: '/w/b', value: '', createRevision: 8, modRevision: 10 },
        prevKv: { key: '/w/b', value: 'old', createRevision: 8, modRevision: 8 },
        revision: 10,
      },
    ]);
    assert.deepEqual(seen.batches, [2, 1]);
    handle.close();
  });

  it('reconnects from the last delivered revision and drops what it already delivered', async () => {
    const { streams, seen, handle } = await started(5);
    streams[0].respond({ events: [etcdEvent('/arca/w/a', 6), etcdEvent('/arca/w/b', 7)] });
    streams[0].fail();
    await eventually(() => assert.equal(streams[1]?.written.length, 1));
    assert.deepEqual(streams[1].written, [createRequest(7)]);
    assert.equal(streams[0].ended, true);
    streams[1].respond({ created: true, revision: 9 });
    streams[1].respond({ events: [etcdEvent('/arca/w/b', 7), etcdEvent('/arca/w/c', 8)] });
    streams[1].respond({ events: [etcdEvent('/arca/w/d', 9)] });
    // A stream that ends without an error is reconnected the same way.
    streams[1].emit('end');
    await eventually(() => assert.equal(streams[2]?.written.length, 1));
    assert.deepEqual(streams[2].written, [createRequest(9)]);
    assert.deepEqual(eventsOf(seen), ['put /w/a@6', 'put /w/b@7', 'put /w/c@8', 'put /w/d@9']);
    assert.deepEqual(seen.errors, []);
    handle.close();
  });

  it('keeps retrying while etcd cannot be reached', async () => {
    const { streams, seen, handle } = await started(5);
    streams[0].fail();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await eventually(() => assert.equal(streams[attempt]?.written.length, 1));
      streams[attempt].fail('14 UNAVAILABLE: No connection established');
    }
    await eventually(() => assert.equal(streams[5]?.written.length, 1));
    assert.deepEqual(streams[5].written, [createRequest(5)]);
    assert.deepEqual(seen.errors, []);
    handle.close();
  });

  it('reports progress and resumes from it', async () => {
    const { streams, progress, handle } = await started(5);
    streams[0].respond({ revision: 12 });
    streams[0].respond({ revision: 11 }); // nothing new
    assert.deepEqual(progress, [12]);
    streams[0].fail();
    await eventually(() => assert.equal(streams[1]?.written.length, 1));
    assert.deepEqual(streams[1].written, [createRequest(12)]);
    handle.close();
  });

  it('ends with Compacted when etcd has compacted the history it must resume from', async () => {
    const { streams, seen, learned, handle } = await started(5);
    streams[0].respond({ events: [etcdEvent('/arca/w/a', 6)] });
    streams[0].respond({ canceled: true, compact_revision: '9' });
    assert.equal(seen.errors.length, 1);
    const [error] = seen.errors;
    assert.deepEqual([error.code, error.key, error.message, error.compactedRevision],
      ['Compacted', '/w/', 'required revision 6 has been compacted (compacted revision 9)', 9]);
    assert.deepEqual(learned, [9]);
    assert.deepEqual([streams[0].ended, streams[0].cancelled], [true, true]);
    streams[0].respond({ events: [etcdEvent('/arca/w/b', 10)] });
    assert.deepEqual(eventsOf(seen), ['put /w/a@6']);
    handle.close();
  });

  it('ends with Internal when etcd cancels the watch for another reason', async () => {
    const { streams, seen, handle } = await started(5);
    streams[0].respond({ canceled: true, cancel_reason: 'etcdserver: permission denied' });
    assert.deepEqual(seen.errors.map((err) => `${err.code}: ${err.message}`),
      ['Internal: storage failure: etcd canceled the watch: etcdserver: permission denied']);
    handle.close();
  });

  it('rejects the start when etcd refuses the watch at once', async () => {
    const { options, streams, learned } = setup(3);
    const starting = startResumableWatch(options);
    await eventually(() => assert.equal(streams.length, 1));
    streams[0].respond({ created: true, canceled: true, compact_revision: '8' });
    await assert.rejects(starting, { code: 'Compacted', message: 'required revision 3 has been compacted (compacted revision 8)' });
    assert.deepEqual(learned, [8]);
  });

  it('rejects the start when the first stream fails', async () => {
    const { options, streams } = setup(3);
    const starting = startResumableWatch(options);
    await eventually(() => assert.equal(streams.length, 1));
    streams[0].fail('14 UNAVAILABLE: No connection established');
    await assert.rejects(starting, { code: 'Unavailable', message: 'cannot start: 14 UNAVAILABLE: No connection established' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(streams.length, 1);
  });

  it('ends a watch whose consumer throws', async () => {
    const { options, streams } = setup(3);
    const errors: string[] = [];
    options.callbacks = { onEvents: () => { throw new Error('consumer broke'); }, onError: (err) => errors.push(`${err.code}: ${err.message}`) };
    const starting = startResumableWatch(options);
    await eventually(() => assert.equal(streams.length, 1));
    streams[0].respond({ created: true });
    await starting;
    streams[0].respond({ events: [etcdEvent('/arca/w/a', 4)] });
    assert.deepEqual(errors, ['Internal: storage failure: consumer broke']);
    assert.equal(streams[0].ended, true);
  });

  it('stops delivering and reconnecting once closed', async () => {
    const { streams, seen, handle } = await started(5);
    handle.close();
    handle.close();
    assert.deepEqual([streams[0].ended, streams[0].cancelled], [true, true]);
    streams[0].respond({ events: [etcdEvent('/arca/w/a', 6)] });
    streams[0].fail();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(streams.length, 1);
    assert.deepEqual(seen.events, []);
    assert.deepEqual(seen.errors, []);
  });
});
