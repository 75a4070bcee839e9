import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDurationMs, storageFromFlags } from '../../../src/cli/options.js';

describe('parseDurationMs', () => {
  it('reads seconds and milliseconds', () => {
    assert.equal(parseDurationMs('15s'), 15_000);
    assert.equal(parseDurationMs('250ms'), 250);
  });
  it('refuses anything else', () => {
    assert.throws(() => parseDurationMs('15'), { message: 'must be a duration such as 15s or 500ms.' });
    assert.throws(() => parseDurationMs('1m'), { message: 'must be a duration such as 15s or 500ms.' });
  });
});

describe('storageFromFlags leader election', () => {
  const etcd = { storage: 'etcd' as const, etcdServers: 'http://127.0.0.1:2379' };

  it('defaults to kube-controller-manager timings', () => {
    assert.deepEqual(storageFromFlags(etcd), {
      kind: 'etcd', endpoints: ['http://127.0.0.1:2379'], prefix: undefined, tls: undefined,
      leaderElection: { leaseDurationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
    });
  });
  it('takes the three flags', () => {
    const options = storageFromFlags({ ...etcd, leaderElectLeaseDuration: 3000, leaderElectRenewDeadline: 2000, leaderElectRetryPeriod: 250 });
    assert.deepEqual(options.kind === 'etcd' && options.leaderElection, { leaseDurationSeconds: 3, renewDeadlineMs: 2000, retryPeriodMs: 250 });
  });
  it('refuses a lease that is not whole seconds, or timings that cannot work', () => {
    assert.throws(() => storageFromFlags({ ...etcd, leaderElectLeaseDuration: 2500 }),
      { message: '--leader-elect-lease-duration must be whole seconds (an etcd lease TTL).' });
    assert.throws(() => storageFromFlags({ ...etcd, leaderElectLeaseDuration: 5000 }),
      { message: 'leader election: leaseDuration must be greater than renewDeadline.' });
  });
});
