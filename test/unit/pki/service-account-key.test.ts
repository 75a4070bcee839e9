import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureServiceAccountKey } from '../../../src/pki/service-account-key.js';

describe('ensureServiceAccountKey', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'arca-sa-key-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates an owner-only RSA key (and its public half) on first start, then reuses it', async () => {
    const first = await ensureServiceAccountKey(dataDir);
    assert.deepEqual(first.log, [`generated service account signing key ${join(dataDir, 'pki', 'sa.key')}`]);
    assert.equal(createPrivateKey(first.keyPem).asymmetricKeyType, 'rsa');
    assert.equal(readFileSync(join(dataDir, 'pki', 'sa.key'), 'utf8'), first.keyPem);
    assert.equal(statSync(join(dataDir, 'pki', 'sa.key')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(dataDir, 'pki', 'sa.pub'), 'utf8'), /^-----BEGIN PUBLIC KEY-----\n/);
    assert.deepEqual(await ensureServiceAccountKey(dataDir), { keyPem: first.keyPem, log: [] });
  });

  it('refuses a key file that is not a private key', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'arca-sa-key-'));
    try {
      await ensureServiceAccountKey(broken);
      writeFileSync(join(broken, 'pki', 'sa.key'), 'not a key');
      await assert.rejects(ensureServiceAccountKey(broken), (e: unknown) =>
        e instanceof Error && e.message.startsWith(`service account key ${join(broken, 'pki', 'sa.key')} is not a usable private key: `));
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
