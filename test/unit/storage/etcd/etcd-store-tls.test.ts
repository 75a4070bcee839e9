// An etcd that serves clients over TLS only and requires client certificates, as a production
// etcd does; the certificates come from Arca's own PKI helpers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority, issueClientCertificate, issueServingCertificate } from '../../../../src/pki/certificates.js';
import { openEtcdStore } from '../../../../src/storage/etcd/etcd-store.js';
import { startEtcd, type EtcdProcess } from '../../../helpers/etcd.js';
import { bytes, collector, plain } from '../store-contract.js';

let dir: string;
let etcd: EtcdProcess;
const files = (name: string) => join(dir, name);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arca-etcd-tls-'));
  const ca = await createCertificateAuthority('etcd-ca');
  const server = await issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const client = await issueClientCertificate(ca, { user: 'arca', groups: [] });
  const otherCa = await createCertificateAuthority('someone-else');
  await Promise.all([
    writeFile(files('ca.crt'), ca.certPem),
    writeFile(files('server.crt'), server.certPem),
    writeFile(files('server.key'), server.keyPem),
    writeFile(files('client.crt'), client.certPem),
    writeFile(files('client.key'), client.keyPem),
    writeFile(files('other-ca.crt'), otherCa.certPem),
  ]);
  etcd = await startEtcd({ tls: { certFile: files('server.crt'), keyFile: files('server.key'), trustedCaFile: files('ca.crt') } });
});
after(async () => {
  await etcd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('EtcdStore over TLS', () => {
  it('reads, writes and watches with a client certificate', async (t) => {
    const store = await openEtcdStore({
      endpoints: [etcd.endpoint],
      tls: { caFile: files('ca.crt'), certFile: files('client.crt'), keyFile: files('client.key') },
    });
    t.after(() => store.close());
    const base = await store.currentRevision();
    const seen = collector();
    await store.watch('/s/', base, seen);
    const created = await store.create('/s/a', bytes('secret'));
    assert.deepEqual(plain((await store.get('/s/a'))!), { key: '/s/a', value: 'secret', createRevision: base + 1, modRevision: base + 1 });
    await seen.next(1);
    assert.deepEqual(seen.events, [{ type: 'put', kv: plain(created), revision: base + 1 }]);
  });

  it('is Unavailable without a client certificate, or when it does not trust the server', async () => {
    const failsToOpen = (tls: { caFile?: string; certFile?: string; keyFile?: string }) =>
      assert.rejects(openEtcdStore({ endpoints: [etcd.endpoint], tls }), (err: unknown) => {
        assert.ok(err instanceof Error && 'code' in err);
        assert.equal(err.code, 'Unavailable');
        assert.match(err.message, new RegExp(`^etcd is unavailable at ${etcd.endpoint}: 14 UNAVAILABLE: `));
        return true;
      });
    await failsToOpen({ caFile: files('ca.crt') });
    await failsToOpen({ caFile: files('other-ca.crt'), certFile: files('client.crt'), keyFile: files('client.key') });
  });
});
