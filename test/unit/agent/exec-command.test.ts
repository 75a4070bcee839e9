import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execInvocation } from '../../../src/agent/exec-command.js';

describe('execInvocation', () => {
  const env = { PATH: '/usr/bin:/bin', A: '1' };

  it('runs the command directly in the working directory of a container without mounts', () => {
    assert.deepEqual(execInvocation({ pid: 42, env, workingDir: '/srv', mountNamespace: false }, ['cat', 'x'], '/usr/bin/nsenter'),
      { file: 'cat', args: ['x'], env, cwd: '/srv' });
  });

  it('enters the mount namespace and working directory of the container process', () => {
    assert.deepEqual(execInvocation({ pid: 42, env, workingDir: '/srv', mountNamespace: true }, ['cat', 'x'], '/usr/bin/nsenter'),
      { file: '/usr/bin/nsenter', args: ['-t', '42', '-m', '--wd', '--', 'cat', 'x'], env, cwd: '/' });
  });
});
