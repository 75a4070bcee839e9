import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../src/agent/api-client.js';
import type { Pod } from '../../../src/agent/pod-types.js';
import { hasTokenProjection, PodServiceAccountTokens, requiresRefresh, type TokenRequestSpec } from '../../../src/agent/service-account-tokens.js';

const HOUR = 3600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const pod = (sources: object[]): Pod => ({
  metadata: { name: 'web', namespace: 'team', uid: 'u-1' },
  spec: { serviceAccountName: 'builder', containers: [{ name: 'app' }], volumes: [{ name: 'kube-api-access-abcde', projected: { sources } }] },
}) as unknown as Pod;
const apiAccess = pod([{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }]);

/** A clock the test moves, and a TokenRequest endpoint that records what it was asked. */
function harness() {
  let now = T0;
  let fail: Error | undefined;
  const asked: TokenRequestSpec[] = [];
  const tokens = new PodServiceAccountTokens(async (spec) => {
    if (fail) throw fail;
    asked.push(spec);
    return { token: `token-${asked.length}`, expiresAt: now + spec.expirationSeconds * 1000, expirationSeconds: spec.expirationSeconds };
  }, () => now);
  return {
    tokens, asked,
    advance(ms: number) { now += ms; },
    failWith(error: Error | undefined) { fail = error; },
  };
}

describe('requiresRefresh', () => {
  const issued = { token: 't', expiresAt: T0 + 10 * HOUR, expirationSeconds: 10 * 3600 };
  it('is due after 80% of the lifetime', () => {
    assert.equal(requiresRefresh(issued, T0 + 8 * HOUR), false);
    assert.equal(requiresRefresh(issued, T0 + 8 * HOUR + 1), true);
  });
  it('is due after 24 hours whatever the lifetime', () => {
    const year = { token: 't', expiresAt: T0 + 365 * 24 * HOUR, expirationSeconds: 365 * 24 * 3600 };
    assert.equal(requiresRefresh(year, T0 + 24 * HOUR), false);
    assert.equal(requiresRefresh(year, T0 + 24 * HOUR + 1), true);
  });
});

describe('PodServiceAccountTokens', () => {
  it('requests a token bound to the pod with the projection audience and lifetime', async () => {
    const h = harness();
    assert.equal(await h.tokens.refresh(pod([{ serviceAccountToken: { path: 'a' } }, { serviceAccountToken: { path: 'v', audience: 'vault', expirationSeconds: 7200 } }])), true);
    assert.deepEqual(h.asked, [
      { namespace: 'team', serviceAccountName: 'builder', audiences: [], expirationSeconds: 3600, pod: { name: 'web', uid: 'u-1' } },
      { namespace: 'team', serviceAccountName: 'builder', audiences: ['vault'], expirationSeconds: 7200, pod: { name: 'web', uid: 'u-1' } },
    ]);
    assert.equal(h.tokens.source('', 3600), 'token-1');
    assert.equal(h.tokens.source('vault', 7200), 'token-2');
  });

  it('keeps the token until 80% of its lifetime has passed, then renews it', async () => {
    const h = harness();
    await h.tokens.refresh(apiAccess);
    const eightyPercent = 3607 * 800;
    h.advance(eightyPercent);
    assert.equal(h.tokens.due(apiAccess), false);
    assert.equal(await h.tokens.refresh(apiAccess), false);
    assert.equal(h.tokens.source('', 3607), 'token-1');
    h.advance(1);
    assert.equal(h.tokens.due(apiAccess), true);
    assert.equal(await h.tokens.refresh(apiAccess), true);
    assert.equal(h.tokens.source('', 3607), 'token-2');
    assert.equal(h.tokens.due(apiAccess), false);
  });

  it('keeps the old token while a renewal fails and it is still valid; then reports the failure', async () => {
    const h = harness();
    await h.tokens.refresh(apiAccess);
    h.advance(3607 * 900);
    h.failWith(new ApiError(403, 'Forbidden', { message: 'serviceaccounts "builder" is forbidden: no' }));
    assert.equal(await h.tokens.refresh(apiAccess), false);
    assert.equal(h.tokens.source('', 3607), 'token-1');
    h.advance(3607 * 100 + 1);
    assert.throws(() => h.tokens.source('', 3607), { message: 'failed to fetch token: serviceaccounts "builder" is forbidden: no' });
    h.failWith(undefined);
    assert.equal(await h.tokens.refresh(apiAccess), true);
    assert.equal(h.tokens.source('', 3607), 'token-2');
  });

  it('reports a token never obtained', async () => {
    const h = harness();
    h.failWith(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    await h.tokens.refresh(apiAccess);
    assert.throws(() => h.tokens.source('', 3607), { message: 'failed to fetch token: connect ECONNREFUSED 127.0.0.1:6443' });
  });

  it('knows which pods project a token', () => {
    assert.equal(hasTokenProjection(apiAccess), true);
    assert.equal(hasTokenProjection(pod([{ configMap: { name: 'x' } }])), false);
  });
});
