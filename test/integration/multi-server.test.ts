// Two `arca server --storage etcd` processes on one etcd, as kube-apiservers share one etcd:
// watches see every write of the other server in order and exactly once, optimistic concurrency
// holds across servers, a GET on one sees the other's last write, and the cluster-wide controllers run on exactly one elected server,
// which hands over when it is killed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { startEtcd, type EtcdProcess } from '../helpers/etcd.js';
import { eventually } from '../helpers/eventually.js';

const LEASE_SECONDS = 3;
const ELECTION_FLAGS = ['--leader-elect-lease-duration', `${LEASE_SECONDS}s`, '--leader-elect-renew-deadline', '2s', '--leader-elect-retry-period', '250ms'];

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const becameLeader = (arca: ArcaProcess) => arca.stderr().split('\n').filter((line) => / became leader$/.test(line)).length;

describe('several Arca servers on one etcd', () => {
  let etcd: EtcdProcess;
  let a: ArcaProcess;
  let b: ArcaProcess;
  before(async () => {
    etcd = await startEtcd();
    // Together, as after a cluster-wide restart: both bootstrap the same objects at once.
    [a, b] = await Promise.all([1, 2].map(() => startArcaServerProcess({ backend: 'etcd', etcdEndpoint: etcd.endpoint, args: ELECTION_FLAGS })));
    await call(a.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'shared' } });
    // Once elected, the leader publishes kube-root-ca.crt there; the watch below must not see that.
    await eventually(async () => assert.equal((await call(a.url, 'GET', '/api/v1/namespaces/shared/configmaps/kube-root-ca.crt')).status, 200), 15_000);
  });
  after(async () => {
    await a?.cleanup();
    await b?.cleanup();
    await etcd?.stop();
  });

  it('shows a watcher on B every write through A, in order and exactly once', async () => {
    const start = await call(b.url, 'GET', '/api/v1/namespaces/shared/configmaps');
    const abort = new AbortController();
    const res = await fetch(`${b.url}/api/v1/namespaces/shared/configmaps?watch=1&resourceVersion=${start.body.metadata.resourceVersion}`, { signal: abort.signal });
    const seen: string[] = [];
    const reading = (async () => {
      let buffered = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body!) {
          buffered += decoder.decode(chunk as Uint8Array, { stream: true });
          let newline;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const event = JSON.parse(buffered.slice(0, newline));
            buffered = buffered.slice(newline + 1);
            seen.push(`${event.type} ${event.object.metadata.name} ${event.object.data?.n ?? ''}`.trim());
          }
        }
      } catch { /* aborted */ }
    })();
    for (let n = 1; n <= 5; n++) {
      assert.equal((await call(a.url, 'POST', '/api/v1/namespaces/shared/configmaps', { metadata: { name: `w${n}` }, data: { n: String(n) } })).status, 201);
    }
    assert.equal((await call(a.url, 'PUT', '/api/v1/namespaces/shared/configmaps/w2', { metadata: { name: 'w2' }, data: { n: '22' } })).status, 200);
    assert.equal((await call(a.url, 'DELETE', '/api/v1/namespaces/shared/configmaps/w1')).status, 200);
    const expected = ['ADDED w1 1', 'ADDED w2 2', 'ADDED w3 3', 'ADDED w4 4', 'ADDED w5 5', 'MODIFIED w2 22', 'DELETED w1 1'];
    await eventually(() => assert.deepEqual(seen, expected));
    // Nothing more arrives: no event was delivered twice.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(seen, expected);
    abort.abort();
    await reading;
  });

  it('refuses a stale update on B after an update on A with 409 Conflict', async () => {
    const created = await call(a.url, 'POST', '/api/v1/namespaces/shared/configmaps', { metadata: { name: 'occ' }, data: { v: '1' } });
    const stale = created.body;
    assert.equal((await call(a.url, 'PUT', '/api/v1/namespaces/shared/configmaps/occ', { ...stale, data: { v: 'from-a' } })).status, 200);
    const conflict = await call(b.url, 'PUT', '/api/v1/namespaces/shared/configmaps/occ', { ...stale, data: { v: 'from-b' } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.reason, 'Conflict');
    assert.equal(conflict.body.message,
      'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again');
    assert.equal((await call(b.url, 'GET', '/api/v1/namespaces/shared/configmaps/occ')).body.data.v, 'from-a');
  });

  it('answers a GET on B with a write made through A at once, though B had served the older version', async () => {
    const created = await call(a.url, 'POST', '/api/v1/namespaces/shared/configmaps', { metadata: { name: 'fresh' }, data: { v: '1' } });
    for (let i = 0; i < 2; i++) assert.equal((await call(b.url, 'GET', '/api/v1/namespaces/shared/configmaps/fresh')).body.data.v, '1');
    const updated = await call(a.url, 'PUT', '/api/v1/namespaces/shared/configmaps/fresh', { ...created.body, data: { v: '2' } });
    const read = await call(b.url, 'GET', '/api/v1/namespaces/shared/configmaps/fresh');
    assert.deepEqual(read.body.data, { v: '2' });
    assert.equal(read.body.metadata.resourceVersion, updated.body.metadata.resourceVersion);
    assert.equal((await call(a.url, 'DELETE', '/api/v1/namespaces/shared/configmaps/fresh')).status, 200);
    assert.equal((await call(b.url, 'GET', '/api/v1/namespaces/shared/configmaps/fresh')).status, 404);
  });

  it('runs the controllers on exactly one server, and on the other once that one is killed', async () => {
    await eventually(() => assert.equal(becameLeader(a) + becameLeader(b), 1));
    // The leader's root-CA publisher serves a namespace created through either server.
    await call(b.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'elected' } });
    await eventually(async () => assert.equal((await call(b.url, 'GET', '/api/v1/namespaces/elected/configmaps/kube-root-ca.crt')).status, 200));
    const [leader, survivor] = becameLeader(a) === 1 ? [a, b] : [b, a];

    await leader.kill9();
    const killed = Date.now();
    await eventually(() => assert.equal(becameLeader(survivor), 1), (LEASE_SECONDS + 5) * 1000);
    assert.ok(Date.now() - killed < (LEASE_SECONDS + 2) * 1000, `took over after ${Date.now() - killed} ms`);

    // Namespace deletion needs the namespace controller, now on the survivor.
    assert.equal((await call(survivor.url, 'DELETE', '/api/v1/namespaces/elected')).status, 200);
    await eventually(async () => assert.equal((await call(survivor.url, 'GET', '/api/v1/namespaces/elected')).status, 404), 15_000);
  });
});
