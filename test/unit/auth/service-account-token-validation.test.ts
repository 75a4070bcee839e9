import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidTokenError } from '../../../src/auth/token-authenticator.js';
import {
  legacyLastUsedDate, tokenTimeProblem, validateBoundToken, validateLegacyToken,
} from '../../../src/auth/service-account-token-validation.js';
import { fakeLookups, object } from './fake-lookups.js';

const now = new Date('2025-01-02T03:00:00Z');
const at = now.getTime() / 1000;
const sa = object('team-a', 'builder', 'sa-uid');
const claims = (k8s: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  exp: at + 600, iat: at, nbf: at, jti: 'j-1',
  'kubernetes.io': { namespace: 'team-a', serviceaccount: { name: 'builder', uid: 'sa-uid' }, ...k8s }, ...extra,
});
const rejects = (promise: Promise<unknown>, message: string) => assert.rejects(promise, (e: unknown) => {
  assert.ok(e instanceof InvalidTokenError);
  assert.equal(e.message, message);
  return true;
});

describe('tokenTimeProblem', () => {
  it('allows a minute of leeway on each side, then names the problem', () => {
    assert.equal(tokenTimeProblem({ exp: at - 60, nbf: at, iat: at }, now), undefined);
    assert.equal(tokenTimeProblem({ exp: at - 61 }, now), 'service account token has expired');
    assert.equal(tokenTimeProblem({ nbf: at + 60 }, now), undefined);
    assert.equal(tokenTimeProblem({ nbf: at + 61 }, now), 'service account token is not valid yet');
    assert.equal(tokenTimeProblem({ iat: at + 61 }, now), 'service account token is issued in the future');
  });

  it('expires a 10-minute token 11 minutes after issue (injected clock)', () => {
    const issued = { exp: at + 600, iat: at, nbf: at };
    assert.equal(tokenTimeProblem(issued, new Date(now.getTime() + 660_000)), undefined);
    assert.equal(tokenTimeProblem(issued, new Date(now.getTime() + 661_000)), 'service account token has expired');
  });
});

describe('validateBoundToken', () => {
  it('returns the service account, with the token ID as credential', async () => {
    assert.deepEqual(await validateBoundToken(claims({}), now, fakeLookups({ serviceaccounts: [sa] })), {
      namespace: 'team-a', name: 'builder', uid: 'sa-uid', credentialId: 'JTI=j-1',
    });
  });

  it('rejects expired tokens before looking anything up', async () => {
    await rejects(validateBoundToken(claims({}, { exp: at - 3600 }), now, fakeLookups({})), 'service account token has expired');
  });

  it('rejects tokens of deleted or recreated service accounts', async () => {
    await rejects(validateBoundToken(claims({}), now, fakeLookups({})), 'serviceaccounts "builder" not found');
    await rejects(validateBoundToken(claims({}), now, fakeLookups({ serviceaccounts: [object('team-a', 'builder', 'new-uid')] })),
      'service account UID (new-uid) does not match claim (sa-uid)');
    const deleting = object('team-a', 'builder', 'sa-uid');
    deleting.metadata.deletionTimestamp = '2025-01-02T02:58:00Z';
    await rejects(validateBoundToken(claims({}), now, fakeLookups({ serviceaccounts: [deleting] })), 'service account team-a/builder has been deleted');
  });

  it('rejects tokens whose bound secret or pod is gone or replaced', async () => {
    const bySecret = claims({ secret: { name: 's', uid: 'secret-uid' } });
    await rejects(validateBoundToken(bySecret, now, fakeLookups({ serviceaccounts: [sa] })), 'service account token has been invalidated');
    await rejects(validateBoundToken(bySecret, now, fakeLookups({ serviceaccounts: [sa], secrets: [object('team-a', 's', 'other')] })),
      'secret UID (other) does not match service account secret ref claim (secret-uid)');
    const byPod = claims({ pod: { name: 'web', uid: 'pod-uid' } });
    await rejects(validateBoundToken(byPod, now, fakeLookups({ serviceaccounts: [sa] })), 'service account token has been invalidated');
    await rejects(validateBoundToken(byPod, now, fakeLookups({ serviceaccounts: [sa], pods: [object('team-a', 'web', 'other')] })),
      'pod UID (other) does not match service account pod ref claim (pod-uid)');
  });

  it('reports the pod and (unchecked) node of pod-bound tokens', async () => {
    const byPod = claims({ pod: { name: 'web', uid: 'pod-uid' }, node: { name: 'node-1', uid: 'node-uid' } });
    assert.deepEqual(await validateBoundToken(byPod, now, fakeLookups({ serviceaccounts: [sa], pods: [object('team-a', 'web', 'pod-uid')] })), {
      namespace: 'team-a', name: 'builder', uid: 'sa-uid', pod: { name: 'web', uid: 'pod-uid' },
      node: { name: 'node-1', uid: 'node-uid' }, credentialId: 'JTI=j-1',
    });
  });
});

describe('validateLegacyToken', () => {
  const legacy = {
    iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:team-a:builder',
    'kubernetes.io/serviceaccount/namespace': 'team-a',
    'kubernetes.io/serviceaccount/secret.name': 'builder-token',
    'kubernetes.io/serviceaccount/service-account.name': 'builder',
    'kubernetes.io/serviceaccount/service-account.uid': 'sa-uid',
  };
  const tokenSecret = (token: string, labels?: Record<string, string>) => {
    const secret = object('team-a', 'builder-token', 'secret-uid', { data: { token: Buffer.from(token).toString('base64') } });
    if (labels) secret.metadata.labels = labels;
    return secret;
  };

  it('accepts the token its Secret holds, for an existing service account', async () => {
    const { info } = await validateLegacyToken('the-token', legacy, fakeLookups({ serviceaccounts: [sa], secrets: [tokenSecret('the-token')] }));
    assert.deepEqual(info, { namespace: 'team-a', name: 'builder', uid: 'sa-uid' });
  });

  it('rejects missing claims, a deleted or changed Secret, and a replaced service account', async () => {
    const { sub: _sub, ...withoutSub } = legacy;
    await rejects(validateLegacyToken('t', withoutSub, fakeLookups({})), 'sub claim is missing');
    await rejects(validateLegacyToken('t', { ...legacy, sub: 'system:serviceaccount:team-a:other' }, fakeLookups({})), 'sub claim is invalid');
    await rejects(validateLegacyToken('t', legacy, fakeLookups({ serviceaccounts: [sa] })), 'Token has been invalidated');
    await rejects(validateLegacyToken('t', legacy, fakeLookups({ serviceaccounts: [sa], secrets: [tokenSecret('other')] })), "Token does not match server's copy");
    await rejects(validateLegacyToken('t', legacy, fakeLookups({ secrets: [tokenSecret('t')] })), 'serviceaccounts "builder" not found');
    await rejects(validateLegacyToken('t', legacy, fakeLookups({ serviceaccounts: [object('team-a', 'builder', 'new')], secrets: [tokenSecret('t')] })),
      'ServiceAccount UID (new) does not match claim (sa-uid)');
  });

  it('rejects tokens marked invalid', async () => {
    await rejects(
      validateLegacyToken('t', legacy, fakeLookups({ serviceaccounts: [sa], secrets: [tokenSecret('t', { 'kubernetes.io/legacy-token-invalid-since': '2024-01-01' })] })),
      "the token in secret team-a/builder-token for service account team-a/builder has been marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the 'kubernetes.io/legacy-token-invalid-since' label from the secret to temporarily allow use of this token",
    );
  });
});

describe('legacyLastUsedDate', () => {
  it('is today unless today or tomorrow is recorded already', () => {
    const labelled = (date: string) => {
      const secret = object('ns', 's', 'u');
      secret.metadata.labels = { 'kubernetes.io/legacy-token-last-used': date };
      return secret;
    };
    assert.equal(legacyLastUsedDate(object('ns', 's', 'u'), now), '2025-01-02');
    assert.equal(legacyLastUsedDate(labelled('2024-12-30'), now), '2025-01-02');
    assert.equal(legacyLastUsedDate(labelled('2025-01-02'), now), undefined);
    assert.equal(legacyLastUsedDate(labelled('2025-01-03'), now), undefined);
  });
});
