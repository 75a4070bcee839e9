// A watcher that stops reading is closed once it leaves more than 16 MiB of live events unread
// (kube-apiserver closes watchers whose buffer stays full); the stream ends cleanly after what was
// already written, in order, and a watcher that keeps reading gets every event.
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { rawRequest } from '../helpers/http.js';

const NAMESPACE = 'default';
const UPDATES = 40;
/** Just under ConfigMap's 1 MiB limit: 40 updates are ~40 MiB of events, beyond any socket buffers. */
const VALUE_BYTES = 1000 * 1000;

let arca: ArcaProcess;
before(async () => {
  arca = await startArcaServerProcess();
});
after(async () => { await arca.cleanup(); });

function openWatch(resourceVersion: string): Promise<IncomingMessage> {
  const url = new URL(`/api/v1/namespaces/${NAMESPACE}/configmaps?watch=true&resourceVersion=${resourceVersion}&fieldSelector=metadata.name%3Dbig`, arca.url);
  return new Promise((resolve, reject) => request(url, resolve).on('error', reject).end());
}

/** Reads the rest of a watch stream; resolves to the data.v and resourceVersion of each event, and whether it ended. */
function readEvents(res: IncomingMessage, stopAfter?: number): Promise<{ events: string[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const events: string[] = [];
    res.setEncoding('utf8');
    res.on('data', (text: string) => {
      pending += text;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const event = JSON.parse(pending.slice(0, newline)) as { type: string; object: { metadata: { resourceVersion: string }; data: { n: string } } };
        pending = pending.slice(newline + 1);
        events.push(`${event.type} ${event.object.data.n}`);
        if (events.length === stopAfter) resolve({ events, ended: false });
      }
    });
    res.on('end', () => resolve({ events, ended: true }));
    res.on('error', reject);
  });
}

describe('a watcher that does not read', () => {
  it('is closed after 16 MiB unread, without holding up a watcher that reads', async () => {
    const created = await rawRequest(arca.url, 'POST', `/api/v1/namespaces/${NAMESPACE}/configmaps`,
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { n: '0' } }));
    assert.equal(created.status, 201);
    const from = created.json().metadata.resourceVersion as string;

    const stalled = await openWatch(from);
    stalled.pause();
    const reading = await openWatch(from);
    const readingAll = readEvents(reading, UPDATES);

    const padding = 'x'.repeat(VALUE_BYTES);
    for (let n = 1; n <= UPDATES; n++) {
      const res = await rawRequest(arca.url, 'PUT', `/api/v1/namespaces/${NAMESPACE}/configmaps/big`,
        JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { n: String(n), padding } }));
      assert.equal(res.status, 200);
    }

    const expected = Array.from({ length: UPDATES }, (_, i) => `MODIFIED ${i + 1}`);
    assert.deepEqual((await readingAll).events, expected);
    reading.destroy();

    stalled.resume();
    const { events, ended } = await readEvents(stalled);
    assert.equal(ended, true);
    // What it got is a prefix of the updates, in order; it did not get them all.
    assert.ok(events.length >= 16 && events.length < UPDATES, `events before the close: ${events.length}`);
    assert.deepEqual(events, expected.slice(0, events.length));
  });
});
