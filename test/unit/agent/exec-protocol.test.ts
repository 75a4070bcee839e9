import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelFrame, chooseSubprotocol, exitStatus, requestedStreams } from '../../../src/agent/exec-protocol.js';

describe('exec protocol', () => {
  it('prefers v5, then v4, and refuses the rest', () => {
    assert.equal(chooseSubprotocol(new Set(['v4.channel.k8s.io', 'v5.channel.k8s.io'])), 'v5.channel.k8s.io');
    assert.equal(chooseSubprotocol(new Set(['v4.channel.k8s.io'])), 'v4.channel.k8s.io');
    assert.equal(chooseSubprotocol(new Set(['channel.k8s.io'])), false);
  });

  it('frames data behind its channel byte', () => {
    assert.deepEqual(channelFrame(2, Buffer.from('hi')), Buffer.from([2, 0x68, 0x69]));
  });

  it('words exits as the kubelet does', () => {
    assert.deepEqual(exitStatus(0, ['true']), { metadata: {}, status: 'Success' });
    assert.deepEqual(exitStatus(3, ['sh', '-c', 'exit 3']), {
      metadata: {}, status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('reads the requested streams from the query', () => {
    assert.deepEqual(requestedStreams(new URLSearchParams('stdin=true&stdout=true&stderr=false')), { stdin: true, stdout: true, stderr: false });
  });
});
