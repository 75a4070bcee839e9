import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { hmacValue, redactSecrets } from '../../../src/audit/redact.js';

const key = Buffer.alloc(32, 7);
const mac = (text: string) => `HMAC-SHA256:${createHmac('sha256', key).update(text).digest('hex')}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('audit secret redaction', () => {
  it('HMACs the decoded data values and the stringData values alike', () => {
    assert.equal(hmacValue(key, 'hunter2'), mac('hunter2'));
    const secret = { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { a: b64('hunter2') }, stringData: { b: 'hunter2' }, type: 'Opaque' };
    assert.deepEqual(redactSecrets(secret, key), {
      kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { a: mac('hunter2') }, stringData: { b: mac('hunter2') }, type: 'Opaque',
    });
    assert.deepEqual(secret.data, { a: b64('hunter2') }, 'the original is not changed');
  });

  it('finds Secrets in SecretLists, watch events and tables, and leaves other kinds alone', () => {
    const list = { kind: 'SecretList', items: [{ metadata: { name: 'x' }, data: { k: b64('v1') } }] };
    assert.deepEqual(redactSecrets(list, key), { kind: 'SecretList', items: [{ metadata: { name: 'x' }, data: { k: mac('v1') } }] });
    const event = { type: 'ADDED', object: { kind: 'Secret', data: { k: b64('v2') } } };
    assert.deepEqual(redactSecrets(event, key), { type: 'ADDED', object: { kind: 'Secret', data: { k: mac('v2') } } });
    const table = { kind: 'Table', rows: [{ cells: ['x'], object: { kind: 'Secret', data: { k: b64('v3') } } }] };
    assert.deepEqual(redactSecrets(table, key), { kind: 'Table', rows: [{ cells: ['x'], object: { kind: 'Secret', data: { k: mac('v3') } } }] });
    const configMap = { kind: 'ConfigMap', data: { k: 'visible' } };
    assert.deepEqual(redactSecrets(configMap, key), configMap);
  });

  it('redacts request bodies on secrets without a kind: merge and JSON patches', () => {
    assert.deepEqual(redactSecrets({ stringData: { p: 'pw' } }, key, true), { stringData: { p: mac('pw') } });
    assert.deepEqual(redactSecrets([{ op: 'replace', path: '/data/p', value: b64('pw') }, { op: 'remove', path: '/data/q' }], key, true), [
      { op: 'replace', path: '/data/p', value: mac(JSON.stringify(b64('pw'))) },
      { op: 'remove', path: '/data/q' },
    ]);
  });
});
