import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mountNamespaceCommand, mountUnsupportedReason, shellQuote } from '../../../src/agent/mount-namespace.js';

describe('mountNamespaceCommand', () => {
  it('binds each volume (read-only when asked), enters the working dir, and execs the command', () => {
    assert.deepEqual(mountNamespaceCommand([
      { source: '/r/pods/u/volumes/cfg', target: '/etc/config', readOnly: true },
      { source: "/r/it's", target: '/data', readOnly: false },
    ], ['sh', '-c', 'cat /etc/config/a'], '/data'), [
      'unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c',
      "set -e\nmount --bind '/r/pods/u/volumes/cfg' '/etc/config'\nmount -o remount,bind,ro '/etc/config'\nmount --bind '/r/it'\\''s' '/data'\ncd '/data'\nexec \"$@\"",
      'arca-container', 'sh', '-c', 'cat /etc/config/a',
    ]);
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
