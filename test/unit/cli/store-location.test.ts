import { it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { locationFromFlags, parseLocation } from '../../../src/cli/store-location.js';

it('parses sqlite:DIR into an absolute data directory', () => {
  assert.deepEqual(parseLocation('sqlite:data/one', {}), { storage: { kind: 'sqlite' }, dataDir: resolve('data/one'), description: `sqlite:${resolve('data/one')}` });
});

it('parses etcd:URL,URL with the --etcd-* flags', () => {
  const location = parseLocation('etcd:http://a:2379,http://b:2379', { etcdPrefix: '/p', etcdCafile: 'ca.pem' });
  assert.equal(location.storage.kind, 'etcd');
  // Only what the location decides (storageFromFlags adds the rest).
  const { endpoints, prefix, tls } = location.storage as Extract<typeof location.storage, { kind: 'etcd' }>;
  assert.deepEqual({ endpoints, prefix, tls }, { endpoints: ['http://a:2379', 'http://b:2379'], prefix: '/p', tls: { caFile: 'ca.pem', certFile: undefined, keyFile: undefined } });
  assert.equal(location.dataDir, undefined);
  assert.equal(location.description, 'etcd:http://a:2379,http://b:2379 (prefix /p)');
});

it('refuses anything else', () => {
  assert.throws(() => parseLocation('/data', {}), { message: 'must be sqlite:DIR or etcd:URL[,URL…], not "/data"' });
  assert.throws(() => parseLocation('etcd:', {}), { message: 'must be sqlite:DIR or etcd:URL[,URL…], not "etcd:"' });
});

it('reads --data-dir and --storage like arca server', () => {
  assert.deepEqual(locationFromFlags({ storage: 'sqlite', dataDir: 'd' }), { storage: { kind: 'sqlite' }, dataDir: resolve('d'), description: `sqlite:${resolve('d')}` });
  assert.deepEqual(locationFromFlags({ storage: 'etcd', etcdServers: 'http://e:1' }).description, 'etcd:http://e:1 (prefix /arca)');
});
