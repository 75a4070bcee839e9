import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClusterPki,
  clusterPkiPaths,
  describeSubjectAltNameChange,
  ensureClusterPki,
  ensureNodeClientCertificate,
  requestedServingSubjectAltNames,
} from '../../../src/pki/cluster-pki.js';
import {
  createCertificateAuthority,
  issueClientCertificate,
  normalizeSubjectAltNames,
  readSubjectAltNames,
} from '../../../src/pki/certificates.js';

async function fileMode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

function servingSans(pki: ClusterPki) {
  return normalizeSubjectAltNames(readSubjectAltNames(pki.serving.certPem));
}

const hostDnsName = hostname().toLowerCase();

describe('requestedServingSubjectAltNames', () => {
  it('always carries the loopback names and the host name, then the extras', () => {
    assert.deepEqual(requestedServingSubjectAltNames(['arca.example', '10.0.0.5', 'LOCALHOST', '0::1'], 'node-1'), {
      dnsNames: ['arca.example', 'localhost', 'node-1'],
      ipAddresses: ['10.0.0.5', '127.0.0.1', '::1'],
    });
  });
});

describe('describeSubjectAltNameChange', () => {
  const current = { dnsNames: ['localhost', 'old.example'], ipAddresses: ['127.0.0.1'] };

  it('lists what was added and removed', () => {
    assert.equal(
      describeSubjectAltNameChange(current, { dnsNames: ['localhost'], ipAddresses: ['10.0.0.5', '127.0.0.1'] }),
      'added IP:10.0.0.5; removed DNS:old.example',
    );
    assert.equal(
      describeSubjectAltNameChange(current, { dnsNames: ['localhost', 'new.example', 'old.example'], ipAddresses: ['127.0.0.1'] }),
      'added DNS:new.example',
    );
  });

  it('is undefined for equal sets', () => {
    assert.equal(describeSubjectAltNameChange(current, { ...current }), undefined);
  });
});

describe('ensureClusterPki', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'arca-pki-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates CA, serving and admin certificates on first start', async () => {
    const pki = await ensureClusterPki(dataDir, { extraSans: ['arca.example', '192.0.2.10'] });
    const paths = clusterPkiPaths(dataDir);
    assert.deepEqual(pki.paths, paths);
    assert.equal(paths.dir, join(dataDir, 'pki'));
    const expectedSans = normalizeSubjectAltNames({
      dnsNames: ['localhost', hostDnsName, 'arca.example'],
      ipAddresses: ['127.0.0.1', '::1', '192.0.2.10'],
    });
    const sanList = [...expectedSans.dnsNames.map((n) => `DNS:${n}`), ...expectedSans.ipAddresses.map((a) => `IP:${a}`)];
    assert.deepEqual(pki.log, [
      `generated cluster CA ${paths.caCert}`,
      `issued serving certificate ${paths.servingCert} for ${sanList.join(', ')}`,
      `issued admin client certificate ${paths.adminCert} for user arca-admin in groups system:masters`,
    ]);

    assert.equal(await readFile(paths.caCert, 'utf8'), pki.ca.certPem);
    assert.equal(await readFile(paths.caKey, 'utf8'), pki.ca.keyPem);
    assert.equal(await readFile(paths.servingCert, 'utf8'), pki.serving.certPem);
    assert.equal(await readFile(paths.servingKey, 'utf8'), pki.serving.keyPem);
    assert.equal(await readFile(paths.adminCert, 'utf8'), pki.admin.certPem);
    assert.equal(await readFile(paths.adminKey, 'utf8'), pki.admin.keyPem);

    const ca = new X509Certificate(pki.ca.certPem);
    assert.equal(ca.subject, 'CN=arca-ca');
    assert.equal(ca.ca, true);
    assert.deepEqual(servingSans(pki), expectedSans);
    const admin = new X509Certificate(pki.admin.certPem);
    assert.equal(admin.subject, 'O=system:masters\nCN=arca-admin');
    for (const leaf of [new X509Certificate(pki.serving.certPem), admin]) {
      assert.equal(leaf.checkIssued(ca), true);
      assert.equal(leaf.verify(ca.publicKey), true);
    }
  });

  it('writes keys owner-only, certificates world-readable, in an owner-only directory', async () => {
    const { paths } = await ensureClusterPki(dataDir, { extraSans: [] });
    assert.equal(await fileMode(paths.dir), 0o700);
    for (const key of [paths.caKey, paths.servingKey, paths.adminKey]) assert.equal(await fileMode(key), 0o600, key);
    for (const cert of [paths.caCert, paths.servingCert, paths.adminCert]) assert.equal(await fileMode(cert), 0o644, cert);
  });

  it('reuses everything on a later start with the same SANs, in any order or case', async () => {
    const first = await ensureClusterPki(dataDir, { extraSans: ['arca.example', '192.0.2.10'] });
    const second = await ensureClusterPki(dataDir, { extraSans: ['192.0.2.10', 'ARCA.example', 'localhost'] });
    assert.deepEqual(second.log, []);
    assert.deepEqual(second.ca, first.ca);
    assert.deepEqual(second.serving, first.serving);
    assert.deepEqual(second.admin, first.admin);
  });

  it('reissues only the serving certificate when the SAN set changes, and says why', async () => {
    const first = await ensureClusterPki(dataDir, { extraSans: ['old.example'] });
    const second = await ensureClusterPki(dataDir, { extraSans: ['arca.example', '10.9.8.7'] });
    assert.deepEqual(second.log, [
      `reissued serving certificate ${second.paths.servingCert}: subject alternative names changed ` +
        '(added DNS:arca.example, IP:10.9.8.7; removed DNS:old.example)',
    ]);
    assert.deepEqual(second.ca, first.ca);
    assert.deepEqual(second.admin, first.admin);
    assert.notEqual(second.serving.certPem, first.serving.certPem);
    assert.deepEqual(
      servingSans(second),
      normalizeSubjectAltNames({ dnsNames: ['localhost', hostDnsName, 'arca.example'], ipAddresses: ['127.0.0.1', '::1', '10.9.8.7'] }),
    );
    assert.equal(await readFile(second.paths.servingCert, 'utf8'), second.serving.certPem);
    assert.equal(await fileMode(second.paths.servingKey), 0o600);
  });

  it('reissues a leaf certificate whose key no longer matches it', async () => {
    const first = await ensureClusterPki(dataDir, { extraSans: [] });
    await writeFile(first.paths.adminKey, first.serving.keyPem);
    const second = await ensureClusterPki(dataDir, { extraSans: [] });
    assert.deepEqual(second.log, [`reissued admin client certificate ${second.paths.adminCert}: its private key does not match it`]);
    assert.equal(new X509Certificate(second.admin.certPem).subject, 'O=system:masters\nCN=arca-admin');
    assert.deepEqual(second.serving, first.serving);
  });

  it('renews a leaf certificate that expires within 30 days', async () => {
    const first = await ensureClusterPki(dataDir, { extraSans: [] });
    const shortLived = await issueClientCertificate(first.ca, { user: 'arca-admin', groups: ['system:masters'], validityDays: 10 });
    await writeFile(first.paths.adminCert, shortLived.certPem);
    await writeFile(first.paths.adminKey, shortLived.keyPem);
    const expiry = new Date(new X509Certificate(shortLived.certPem).validTo).toISOString();
    const second = await ensureClusterPki(dataDir, { extraSans: [] });
    assert.deepEqual(second.log, [`reissued admin client certificate ${second.paths.adminCert}: it expires ${expiry}`]);
  });

  it('generates a new CA when both CA files are gone, and reissues the leaves it no longer signs', async () => {
    const first = await ensureClusterPki(dataDir, { extraSans: [] });
    await unlink(first.paths.caCert);
    await unlink(first.paths.caKey);
    const second = await ensureClusterPki(dataDir, { extraSans: [] });
    assert.deepEqual(second.log, [
      `generated cluster CA ${second.paths.caCert}`,
      `reissued serving certificate ${second.paths.servingCert}: it is not signed by the cluster CA`,
      `reissued admin client certificate ${second.paths.adminCert}: it is not signed by the cluster CA`,
    ]);
    assert.notEqual(second.ca.certPem, first.ca.certPem);
  });

  it('refuses to replace a CA of which one file is missing', async () => {
    const { paths } = await ensureClusterPki(dataDir, { extraSans: [] });
    await unlink(paths.caKey);
    await assert.rejects(ensureClusterPki(dataDir, { extraSans: [] }), {
      message:
        `incomplete cluster CA: ${paths.caKey} is missing; restore it, or remove ${paths.caCert} to generate a new CA ` +
        '(certificates and kubeconfigs issued by the old CA then stop working)',
    });
  });

  it('refuses a CA key that does not belong to the CA certificate', async () => {
    const { paths } = await ensureClusterPki(dataDir, { extraSans: [] });
    await writeFile(paths.caKey, (await createCertificateAuthority('other')).keyPem);
    await assert.rejects(ensureClusterPki(dataDir, { extraSans: [] }), {
      message: `cluster CA key ${paths.caKey} does not belong to the certificate ${paths.caCert}`,
    });
  });
});

describe('ensureNodeClientCertificate', () => {
  let dataDir: string;
  beforeEach(async () => { dataDir = await mkdtemp(join(tmpdir(), 'arca-node-cert-')); });
  afterEach(async () => { await rm(dataDir, { recursive: true, force: true }); });

  it('issues the node identity once, keeps it across restarts, and reissues it for another node name', async () => {
    const { ca } = await ensureClusterPki(dataDir, { extraSans: [] });
    const first = await ensureNodeClientCertificate(dataDir, ca, 'n1');
    const certificate = new X509Certificate(first.certPem);
    assert.equal(certificate.subject, 'O=system:nodes\nCN=system:node:n1');
    assert.equal(certificate.checkIssued(new X509Certificate(ca.certPem)), true);
    assert.equal(await readFile(join(dataDir, 'pki', 'node.crt'), 'utf8'), first.certPem);
    assert.equal(await fileMode(join(dataDir, 'pki', 'node.key')), 0o600);

    assert.deepEqual(await ensureNodeClientCertificate(dataDir, ca, 'n1'), first);

    const renamed = await ensureNodeClientCertificate(dataDir, ca, 'n2');
    assert.equal(new X509Certificate(renamed.certPem).subject, 'O=system:nodes\nCN=system:node:n2');
    assert.equal(await readFile(join(dataDir, 'pki', 'node.crt'), 'utf8'), renamed.certPem);
  });
});
