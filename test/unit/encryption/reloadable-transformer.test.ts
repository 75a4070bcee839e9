import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadReloadableTransformer } from '../../../src/encryption/reloadable-transformer.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'arca-reload-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One aescbc key named `keyName` whose 32 bytes are all `fill`, then identity. */
const config = (keyName: string, fill: number) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: ${keyName}
              secret: ${Buffer.alloc(32, fill).toString('base64')}
      - identity: {}
`;

test('onReload runs after a reload that took effect, and not after one that failed', async () => {
  const path = join(dir, 'encryption-config.yaml');
  writeFileSync(path, config('k1', 1));
  let reloads = 0;
  const transformer = await loadReloadableTransformer(path, resourceDefinitions, () => { reloads++; });
  assert.equal(reloads, 0);

  writeFileSync(path, config('k2', 2));
  await transformer.reload();
  assert.equal(reloads, 1);
  const stored = Buffer.from(await transformer.toStorage(Buffer.from('x'), '/registry/secrets/ns/s'));
  assert.equal(stored.subarray(0, 'k8s:enc:aescbc:v1:k2:'.length).toString(), 'k8s:enc:aescbc:v1:k2:');

  writeFileSync(path, 'not: [an encryption configuration');
  await assert.rejects(transformer.reload());
  assert.equal(reloads, 1);
});
