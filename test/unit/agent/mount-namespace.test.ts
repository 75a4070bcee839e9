import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mountNamespaceCommand, mountUnsupportedReason, shellQuote } from '../../../src/agent/mount-namespace.js';

describe('mountNamespaceCommand', () => {
  it('binds each volume (read-only when asked), enters the working dir, and execs the command', () => {
    assert.deepEqual(mountNamespaceCommand([
      { source: '/r/pods/u/volumes/cfg', target: '/etc/config', readOnly: true },
      { source: "/r/it's", target: '/data', readOnly: false },
    ], ['sh', '-c', 'cat /etc/config/a'], '/data', { PWD: '/x' }), [
      'unshare', '--mount', '--propagation', 'private', '--', '/bin/bash', '--norc', '--noprofile', '--posix', '-c',
      "set -e\nmount --bind '/r/pods/u/volumes/cfg' '/etc/config'\nmount -o remount,bind,ro '/etc/config'\nmount --bind '/r/it'\\''s' '/data'\ncd '/data'\nexec /usr/bin/env -u OLDPWD -u SHLVL -- \"$@\"",
      'arca-container', 'sh', '-c', 'cat /etc/config/a',
    ]);
  });

  it('passes the environment through unchanged, names that are not shell identifiers included', async () => {
    const { execFileSync } = await import('node:child_process');
    const env = { 'CONFIG_app.properties': 'a=1', PATH: '/usr/bin:/bin', BASH_ENV: '/etc/profile' };
    const argv = mountNamespaceCommand([], ['/usr/bin/env'], undefined, env);
    // Run the wrapper without unshare (no mounts to make): only the environment handling is under test.
    // BASH_ENV would make a non-POSIX bash read a startup file.
    const out = execFileSync(argv[5]!, argv.slice(6), { env, cwd: '/' });
    assert.deepEqual(out.toString().split('\n').sort(), ['', 'BASH_ENV=/etc/profile', 'CONFIG_app.properties=a=1', 'PATH=/usr/bin:/bin']);
  });

  it('quotes for the shell', () => {
    assert.equal(shellQuote("a'b"), "'a'\\''b'");
  });
});

describe('mountUnsupportedReason', () => {
  it('allows root on Linux only', () => {
    assert.equal(mountUnsupportedReason('linux', 0), undefined);
    assert.equal(mountUnsupportedReason('linux', 1000), 'volume mounts need a private mount namespace, which needs root; this agent runs as uid 1000');
    assert.equal(mountUnsupportedReason('darwin', 0), 'volume mounts need Linux mount namespaces; this agent runs on darwin');
  });
});
