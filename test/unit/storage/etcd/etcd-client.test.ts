import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEtcd, neverSent } from '../../../../src/storage/etcd/etcd-client.js';

let dir: string;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-etcd-client-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

describe('connectEtcd', () => {
  it('needs an endpoint', async () => {
    await assert.rejects(connectEtcd({ endpoints: [] }), { message: 'etcd: no endpoints given' });
  });

  it('needs a client certificate and its key together', async () => {
    await assert.rejects(connectEtcd({ endpoints: ['https://127.0.0.1:2379'], tls: { certFile: join(dir, 'client.crt') } }),
      { message: 'etcd TLS: certFile and keyFile must be given together' });
  });

  it('says which TLS file it cannot read', async () => {
    const missing = join(dir, 'missing-ca.crt');
    await assert.rejects(connectEtcd({ endpoints: ['https://127.0.0.1:2379'], tls: { caFile: missing } }),
      { message: `etcd TLS: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'` });
  });

  it('creates a client without connecting yet', async () => {
    const caFile = join(dir, 'ca.crt');
    await writeFile(caFile, 'not checked until the first call');
    const client = await connectEtcd({ endpoints: ['https://127.0.0.1:2379'], tls: { caFile } });
    client.close();
  });
});

describe('neverSent', () => {
  it('is true only for failures that happened before the request left', () => {
    assert.equal(neverSent(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED')), true);
    assert.equal(neverSent(new Error('14 UNAVAILABLE: Channel closed before call started')), true);
    assert.equal(neverSent(new Error('14 UNAVAILABLE: Connection dropped')), false);
    assert.equal(neverSent(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded')), false);
  });
});
