import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import {
  type KeyPairPem,
  classifySubjectAltNames,
  createCertificateAuthority,
  issueClientCertificate,
  issueServingCertificate,
  normalizeSubjectAltNames,
  readSubjectAltNames,
} from '../../../src/pki/certificates.js';
// After certificates.js, which installs the Reflect polyfill @peculiar/x509 needs.
import * as x509 from '@peculiar/x509';

const DAY_MS = 24 * 60 * 60 * 1000;
const BACKDATE_MS = 5 * 60 * 1000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

function validityMs(certificate: X509Certificate): number {
  return Date.parse(certificate.validTo) - Date.parse(certificate.validFrom);
}

function keyUsages(certPem: string): number | undefined {
  return new x509.X509Certificate(certPem).getExtension(x509.KeyUsagesExtension)?.usages;
}

function publicKeyDer(keyPem: string): Buffer {
  return createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
}

describe('createCertificateAuthority', () => {
  let ca: KeyPairPem;
  before(async () => {
    ca = await createCertificateAuthority('arca-test-ca');
  });

  it('is a self-signed CA named by the common name', () => {
    const certificate = new X509Certificate(ca.certPem);
    assert.equal(certificate.subject, 'CN=arca-test-ca');
    assert.equal(certificate.issuer, 'CN=arca-test-ca');
    assert.equal(certificate.ca, true);
    assert.equal(certificate.checkIssued(certificate), true);
    assert.equal(certificate.verify(certificate.publicKey), true);
  });

  it('may sign certificates and CRLs, and is valid ten years (plus the clock-skew backdate)', () => {
    assert.equal(
      keyUsages(ca.certPem),
      x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
    );
    assert.equal(validityMs(new X509Certificate(ca.certPem)), 3650 * DAY_MS + BACKDATE_MS);
  });

  it('has critical basic constraints and key usage, and a subject key identifier', () => {
    const certificate = new x509.X509Certificate(ca.certPem);
    assert.equal(certificate.getExtension(x509.BasicConstraintsExtension)?.critical, true);
    assert.equal(certificate.getExtension(x509.KeyUsagesExtension)?.critical, true);
    assert.match(certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ?? '', /^[0-9a-f]{40}$/);
  });

  it('exports an ECDSA P-256 key as PEM PKCS#8 that belongs to the certificate', () => {
    assert.equal(ca.keyPem.startsWith('-----BEGIN PRIVATE KEY-----\n'), true);
    const key = createPrivateKey(ca.keyPem);
    assert.equal(key.asymmetricKeyType, 'ec');
    assert.deepEqual(key.asymmetricKeyDetails, { namedCurve: 'prime256v1' });
    assert.deepEqual(publicKeyDer(ca.keyPem), new X509Certificate(ca.certPem).publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('rejects an empty common name', async () => {
    await assert.rejects(createCertificateAuthority(' '), { message: 'CA common name must not be empty' });
  });
});

describe('issueServingCertificate', () => {
  let ca: KeyPairPem;
  let serving: KeyPairPem;
  before(async () => {
    ca = await createCertificateAuthority('arca-test-ca');
    serving = await issueServingCertificate(ca, {
      dnsNames: ['localhost', 'Example.TEST', 'localhost'],
      ipAddresses: ['127.0.0.1', '0:0::1', '10.1.2.3'],
    });
  });

  it('carries the normalized SANs, serverAuth and no CA flag', () => {
    const certificate = new X509Certificate(serving.certPem);
    assert.equal(certificate.subject, 'CN=arca-apiserver');
    assert.equal(certificate.issuer, 'CN=arca-test-ca');
    assert.equal(
      certificate.subjectAltName,
      'DNS:example.test, DNS:localhost, IP Address:10.1.2.3, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    assert.deepEqual(certificate.keyUsage, [SERVER_AUTH]);
    assert.equal(certificate.ca, false);
    assert.equal(keyUsages(serving.certPem), x509.KeyUsageFlags.digitalSignature);
  });

  it('chains to the CA and to no other', async () => {
    const certificate = new X509Certificate(serving.certPem);
    const caCertificate = new X509Certificate(ca.certPem);
    assert.equal(certificate.checkIssued(caCertificate), true);
    assert.equal(certificate.verify(caCertificate.publicKey), true);
    const otherCa = new X509Certificate((await createCertificateAuthority('arca-test-ca')).certPem);
    assert.equal(certificate.verify(otherCa.publicKey), false);
  });

  it("names the CA's key in its authority key identifier", () => {
    const caKeyId = new x509.X509Certificate(ca.certPem).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    const authorityKeyId = new x509.X509Certificate(serving.certPem).getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
    assert.equal(typeof caKeyId, 'string');
    assert.equal(authorityKeyId, caKeyId);
  });

  it('is valid one year and has its own P-256 key', () => {
    assert.equal(validityMs(new X509Certificate(serving.certPem)), 365 * DAY_MS + BACKDATE_MS);
    assert.deepEqual(createPrivateKey(serving.keyPem).asymmetricKeyDetails, { namedCurve: 'prime256v1' });
    assert.deepEqual(
      publicKeyDer(serving.keyPem),
      new X509Certificate(serving.certPem).publicKey.export({ type: 'spki', format: 'der' }),
    );
  });

  it('refuses an empty SAN set', async () => {
    await assert.rejects(issueServingCertificate(ca, { dnsNames: [], ipAddresses: [] }), {
      message: 'a serving certificate needs at least one DNS name or IP address',
    });
  });
});

describe('issueClientCertificate', () => {
  let ca: KeyPairPem;
  before(async () => {
    ca = await createCertificateAuthority('arca-test-ca');
  });

  it('puts the user in CN and each group in its own O, with clientAuth', async () => {
    const client = await issueClientCertificate(ca, { user: 'jane', groups: ['system:masters', 'team-a'] });
    const certificate = new X509Certificate(client.certPem);
    assert.equal(certificate.subject, 'O=system:masters\nO=team-a\nCN=jane');
    assert.deepEqual(certificate.keyUsage, [CLIENT_AUTH]);
    assert.equal(certificate.ca, false);
    assert.equal(certificate.subjectAltName, undefined);
    assert.equal(certificate.checkIssued(new X509Certificate(ca.certPem)), true);
    assert.equal(certificate.verify(new X509Certificate(ca.certPem).publicKey), true);
    assert.equal(validityMs(certificate), 365 * DAY_MS + BACKDATE_MS);
  });

  it('honours validityDays and allows no groups', async () => {
    const client = await issueClientCertificate(ca, { user: 'bot', groups: [], validityDays: 7 });
    const certificate = new X509Certificate(client.certPem);
    assert.equal(certificate.subject, 'CN=bot');
    assert.equal(validityMs(certificate), 7 * DAY_MS + BACKDATE_MS);
  });

  it('rejects an empty user, an empty group and a non-positive validity', async () => {
    await assert.rejects(issueClientCertificate(ca, { user: '', groups: [] }), {
      message: 'client certificate user must not be empty',
    });
    await assert.rejects(issueClientCertificate(ca, { user: 'jane', groups: [''] }), {
      message: 'client certificate group must not be empty',
    });
    await assert.rejects(issueClientCertificate(ca, { user: 'jane', groups: [], validityDays: 0 }), {
      message: 'validity must be a positive number of days, got 0',
    });
  });
});

describe('subject alternative name helpers', () => {
  it('classifySubjectAltNames tells IPv4 and IPv6 addresses from DNS names', () => {
    assert.deepEqual(classifySubjectAltNames(['localhost', '127.0.0.1', '::1', '*.example.test', 'fe80::1']), {
      dnsNames: ['localhost', '*.example.test'],
      ipAddresses: ['127.0.0.1', '::1', 'fe80::1'],
    });
    assert.throws(() => classifySubjectAltNames(['']), { message: 'subject alternative name must not be empty' });
  });

  it('normalizeSubjectAltNames lower-cases, canonicalizes IPs, de-duplicates and sorts', () => {
    assert.deepEqual(
      normalizeSubjectAltNames({ dnsNames: ['b.Example', 'a.example', 'B.example'], ipAddresses: ['0:0:0:0:0:0:0:1', '::1', 'FE80::1', '10.0.0.1'] }),
      { dnsNames: ['a.example', 'b.example'], ipAddresses: ['10.0.0.1', '::1', 'fe80::1'] },
    );
    assert.throws(() => normalizeSubjectAltNames({ dnsNames: [], ipAddresses: ['example.test'] }), {
      message: 'not an IP address: example.test',
    });
  });

  it('readSubjectAltNames reads back what was issued', async () => {
    const ca = await createCertificateAuthority('arca-test-ca');
    const serving = await issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['::1', '192.0.2.7'] });
    assert.deepEqual(normalizeSubjectAltNames(readSubjectAltNames(serving.certPem)), {
      dnsNames: ['localhost'],
      ipAddresses: ['192.0.2.7', '::1'],
    });
    const client = await issueClientCertificate(ca, { user: 'jane', groups: [] });
    assert.deepEqual(readSubjectAltNames(client.certPem), { dnsNames: [], ipAddresses: [] });
  });

  it('readSubjectAltNames reads names that Node prints quoted, and keeps the order issued', async () => {
    const ca = await createCertificateAuthority('arca-test-ca');
    const serving = await issueServingCertificate(ca, { dnsNames: ['b.example', 'odd, "name"', 'a.example'], ipAddresses: ['10.0.0.1'] });
    assert.deepEqual(readSubjectAltNames(serving.certPem), { dnsNames: ['a.example', 'b.example', 'odd, "name"'], ipAddresses: ['10.0.0.1'] });
  });
});
