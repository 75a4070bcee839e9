import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  boundTokenClaims, legacyTokenClaims, serviceAccountUser, splitServiceAccountUsername,
} from '../../../src/auth/service-account-claims.js';

const sa = { namespace: 'team-a', name: 'builder', uid: 'sa-uid' };
const now = new Date('2025-01-02T03:04:05.678Z');
const nowSeconds = 1735787045;

describe('boundTokenClaims', () => {
  it('writes the claims of an unbound token with keys sorted as Go writes them', () => {
    const claims = boundTokenClaims({
      issuer: 'https://issuer', serviceAccount: sa, audiences: ['aud-1'], expirationSeconds: 600, now, jti: 'id-1',
    });
    assert.equal(JSON.stringify(claims), JSON.stringify({
      aud: ['aud-1'], exp: nowSeconds + 600, iat: nowSeconds, iss: 'https://issuer', jti: 'id-1',
      'kubernetes.io': { namespace: 'team-a', serviceaccount: { name: 'builder', uid: 'sa-uid' } },
      nbf: nowSeconds, sub: 'system:serviceaccount:team-a:builder',
    }));
  });

  it('names the pod and its node, and the warn-after time, for pod-bound tokens', () => {
    const claims = boundTokenClaims({
      issuer: 'i', serviceAccount: sa, pod: { name: 'web', uid: 'pod-uid' }, node: { name: 'node-1' },
      audiences: ['a'], expirationSeconds: 31536000, warnAfterSeconds: 3607, now, jti: 'j',
    });
    assert.equal(JSON.stringify(claims['kubernetes.io']), JSON.stringify({
      namespace: 'team-a', node: { name: 'node-1' }, pod: { name: 'web', uid: 'pod-uid' },
      serviceaccount: { name: 'builder', uid: 'sa-uid' }, warnafter: nowSeconds + 3607,
    }));
    assert.equal(claims.exp, nowSeconds + 31536000);
  });

  it('names the secret of secret-bound tokens', () => {
    const claims = boundTokenClaims({
      issuer: 'i', serviceAccount: sa, secret: { name: 's', uid: 'secret-uid' }, audiences: ['a'], expirationSeconds: 3600, now, jti: 'j',
    });
    assert.deepEqual(claims['kubernetes.io'], {
      namespace: 'team-a', secret: { name: 's', uid: 'secret-uid' }, serviceaccount: { name: 'builder', uid: 'sa-uid' },
    });
  });
});

describe('legacyTokenClaims', () => {
  it('writes the secret-based claims, without expiry', () => {
    assert.equal(JSON.stringify(legacyTokenClaims(sa, 'builder-token')), JSON.stringify({
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': 'team-a',
      'kubernetes.io/serviceaccount/secret.name': 'builder-token',
      'kubernetes.io/serviceaccount/service-account.name': 'builder',
      'kubernetes.io/serviceaccount/service-account.uid': 'sa-uid',
      sub: 'system:serviceaccount:team-a:builder',
    }));
  });
});

describe('serviceAccountUser', () => {
  it('is system:serviceaccount:<ns>:<name> in the service account groups', () => {
    assert.deepEqual(serviceAccountUser(sa), {
      username: 'system:serviceaccount:team-a:builder', uid: 'sa-uid',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a'],
    });
  });

  it('carries pod, node and credential extras', () => {
    assert.deepEqual(serviceAccountUser({
      ...sa, pod: { name: 'web', uid: 'pod-uid' }, node: { name: 'node-1', uid: 'node-uid' }, credentialId: 'JTI=j',
    }).extra, {
      'authentication.kubernetes.io/pod-name': ['web'],
      'authentication.kubernetes.io/pod-uid': ['pod-uid'],
      'authentication.kubernetes.io/credential-id': ['JTI=j'],
      'authentication.kubernetes.io/node-name': ['node-1'],
      'authentication.kubernetes.io/node-uid': ['node-uid'],
    });
  });
});

describe('splitServiceAccountUsername', () => {
  it('splits valid names and refuses the rest', () => {
    assert.deepEqual(splitServiceAccountUsername('system:serviceaccount:team-a:builder'), { namespace: 'team-a', name: 'builder' });
    assert.equal(splitServiceAccountUsername('system:serviceaccount:team-a'), undefined);
    assert.equal(splitServiceAccountUsername('system:serviceaccount:Team:builder'), undefined);
    assert.equal(splitServiceAccountUsername('jane'), undefined);
  });
});
