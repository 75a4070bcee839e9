import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClientClosedError, GRPCDeadlineExceededError, GRPCOutOfRangeError, GRPCUnavailableError, GRPCInvalidArgumentError } from 'etcd3';
import { classifyEtcdError, etcdUnavailable } from '../../../../src/storage/etcd/etcd-errors.js';

describe('classifyEtcdError', () => {
  it('recognises what etcd and gRPC report', () => {
    assert.equal(classifyEtcdError(new GRPCOutOfRangeError('11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted')), 'compacted');
    assert.equal(classifyEtcdError(new GRPCOutOfRangeError('11 OUT_OF_RANGE: etcdserver: mvcc: required revision is a future revision')), 'futureRevision');
    assert.equal(classifyEtcdError(new GRPCUnavailableError('14 UNAVAILABLE: Connection dropped')), 'unavailable');
    assert.equal(classifyEtcdError(new GRPCDeadlineExceededError('4 DEADLINE_EXCEEDED: Deadline exceeded')), 'unavailable');
    assert.equal(classifyEtcdError(new ClientClosedError('KV')), 'unavailable');
    assert.equal(classifyEtcdError(new GRPCInvalidArgumentError('3 INVALID_ARGUMENT: etcdserver: request is too large')), 'tooLarge');
    assert.equal(classifyEtcdError(new GRPCInvalidArgumentError('3 INVALID_ARGUMENT: etcdserver: key is not provided')), 'other');
    assert.equal(classifyEtcdError('not an error'), 'other');
  });
});

describe('etcdUnavailable', () => {
  it('names the endpoints and the reason, without gRPC\'s empty resolution note', () => {
    const cause = new GRPCUnavailableError('14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2379. Resolution note: ');
    const error = etcdUnavailable(['http://127.0.0.1:2379', 'http://127.0.0.1:2380'], '/a', cause);
    assert.deepEqual([error.code, error.key, error.message, error.cause], [
      'Unavailable',
      '/a',
      'etcd is unavailable at http://127.0.0.1:2379, http://127.0.0.1:2380: 14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2379.',
      cause,
    ]);
  });
});
