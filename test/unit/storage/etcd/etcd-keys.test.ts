import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdKeySpace } from '../../../../src/storage/etcd/etcd-keys.js';
import { StorageError } from '../../../../src/storage/interface.js';

const text = (range: { key: Buffer; range_end: Buffer }) => [range.key.toString('utf8'), range.range_end.toString('utf8')];

describe('EtcdKeySpace', () => {
  it('puts keys under the prefix, with or without its trailing slash', () => {
    assert.equal(new EtcdKeySpace().toEtcd('/registry/pods/a').toString(), '/arca/registry/pods/a');
    assert.equal(new EtcdKeySpace('/tenant/one/').toEtcd('/x').toString(), '/tenant/one/x');
    assert.equal(new EtcdKeySpace('').toEtcd('/x').toString(), '/x');
    assert.equal(new EtcdKeySpace('/arca').fromEtcd(Buffer.from('/arca/registry/pods/a')), '/registry/pods/a');
    assert.equal(new EtcdKeySpace('/arca').fromEtcd(new EtcdKeySpace('/arca').toEtcd('/ünï/🙂')), '/ünï/🙂');
  });

  it('turns a prefix into the etcd range of the keys under it', () => {
    const space = new EtcdKeySpace('/arca');
    assert.deepEqual(text(space.range('/registry/')), ['/arca/registry/', '/arca/registry0']);
    // Everything: the keys under root + '/', not the neighbours of the root such as '/arcade'.
    assert.deepEqual(text(space.range('')), ['/arca/', '/arca0']);
    assert.deepEqual(text(space.range('/')), ['/arca/', '/arca0']);
    assert.deepEqual(text(new EtcdKeySpace('').range('')), ['/', '0']);
  });

  it('starts a range at startKey when it lies inside', () => {
    const space = new EtcdKeySpace('/arca');
    assert.deepEqual(text(space.range('/p/', '/p/c')), ['/arca/p/c', '/arca/p0']);
    assert.deepEqual(text(space.range('/p/', '/a')), ['/arca/p/', '/arca/p0']);
    assert.deepEqual(text(space.range('/p/', '/q')), ['/arca/q', '/arca/p0']);
  });

  it('refuses keys and prefixes that do not start with a slash', () => {
    const space = new EtcdKeySpace('/arca');
    const refused = (key: string) => (err: unknown) => {
      assert.ok(err instanceof StorageError);
      assert.deepEqual([err.code, err.key, err.message], ['Internal', key, `storage failure: key "${key}" does not start with "/"`]);
      return true;
    };
    assert.throws(() => space.toEtcd('registry/a'), refused('registry/a'));
    assert.throws(() => space.range('x'), refused('x'));
  });

  it('probes revisions on a key no Arca key can be', () => {
    assert.equal(new EtcdKeySpace('/arca/').probeKey().toString(), '/arca');
    assert.equal(new EtcdKeySpace('').probeKey().toString(), '0');
  });
});
