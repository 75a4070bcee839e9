import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reloadPolicy } from '../../../src/agent/reload-policy.js';

describe('reloadPolicy', () => {
  it('reads the arca.dev/reload-on-change annotation', () => {
    assert.deepEqual(reloadPolicy(undefined), { action: 'none' });
    assert.deepEqual(reloadPolicy({ 'arca.dev/reload-on-change': 'restart' }), { action: 'restart' });
    assert.deepEqual(reloadPolicy({ 'arca.dev/reload-on-change': 'signal:SIGHUP' }), { action: 'signal', signal: 'SIGHUP' });
    assert.deepEqual(reloadPolicy({ 'arca.dev/reload-on-change': 'signal:HUP' }), {
      action: 'invalid', message: 'invalid arca.dev/reload-on-change annotation "signal:HUP": want "restart" or "signal:<NAME>" (e.g. "signal:SIGHUP")',
    });
    assert.deepEqual(reloadPolicy({ 'arca.dev/reload-on-change': 'signal:SIGNOPE' }).action, 'invalid');
  });
});
