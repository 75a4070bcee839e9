import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { boundServiceAccountAuthenticator, legacyServiceAccountAuthenticator } from '../../../src/auth/service-account-authenticator.js';
import { boundTokenClaims, legacyTokenClaims } from '../../../src/auth/service-account-claims.js';
import { signingKeyFromPem, signJwt, unverifiedPayload } from '../../../src/auth/service-account-jwt.js';
import { InvalidTokenError } from '../../../src/auth/token-authenticator.js';
import { fakeLookups, object } from './fake-lookups.js';

const pem = (type: 'rsa' | 'ec') => (type === 'rsa'
  ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  : generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey).export({ type: 'pkcs8', format: 'pem' }) as string;
const key = signingKeyFromPem(pem('rsa'));
const otherKey = signingKeyFromPem(pem('rsa'));
const issuer = 'https://kubernetes.default.svc.cluster.local';
const issued = new Date('2025-01-02T03:00:00Z');
const sa = object('team-a', 'builder', 'sa-uid');
const lookups = fakeLookups({ serviceaccounts: [sa] });

const token = (overrides: { audiences?: string[]; issuer?: string; signWith?: typeof key } = {}) => signJwt(overrides.signWith ?? key, boundTokenClaims({
  issuer: overrides.issuer ?? issuer, serviceAccount: { namespace: 'team-a', name: 'builder', uid: 'sa-uid' },
  audiences: overrides.audiences ?? [issuer], expirationSeconds: 600, now: issued, jti: 'j-1',
}));
const authenticatorAt = (now: Date) => boundServiceAccountAuthenticator({
  issuers: [issuer], keys: [key], implicitAudiences: [issuer], lookups, clock: () => now,
});
const rejects = (promise: Promise<unknown>, message: string) => assert.rejects(promise, (e: unknown) => {
  assert.ok(e instanceof InvalidTokenError);
  assert.equal(e.message, message);
  return true;
});

describe('signingKeyFromPem', () => {
  it('signs RS256 with RSA keys and ES256 with P-256 keys, naming the key', async () => {
    assert.equal(key.alg, 'RS256');
    assert.match(key.keyId, /^[A-Za-z0-9_-]{43}$/);
    const ec = signingKeyFromPem(pem('ec'));
    assert.equal(ec.alg, 'ES256');
    const header = JSON.parse(Buffer.from((await signJwt(ec, { a: 1 })).split('.')[0]!, 'base64url').toString());
    assert.deepEqual(header, { alg: 'ES256', kid: ec.keyId });
  });
});

describe('boundServiceAccountAuthenticator', () => {
  it('authenticates a fresh token as its service account, for the API server audience', async () => {
    assert.deepEqual(await authenticatorAt(issued)(await token(), [issuer]), {
      user: {
        username: 'system:serviceaccount:team-a:builder', uid: 'sa-uid',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a'],
        extra: { 'authentication.kubernetes.io/credential-id': ['JTI=j-1'] },
      },
      audiences: [issuer],
    });
  });

  it('rejects it once expired (injected clock)', async () => {
    const t = await token();
    assert.ok(await authenticatorAt(new Date(issued.getTime() + 660_000))(t, [issuer]));
    await rejects(authenticatorAt(new Date(issued.getTime() + 661_000))(t, [issuer]), 'service account token has expired');
  });

  it('leaves tokens of other issuers and non-JWTs to other authenticators', async () => {
    assert.equal(await authenticatorAt(issued)(await token({ issuer: 'https://elsewhere' }), [issuer]), undefined);
    assert.equal(await authenticatorAt(issued)('static-token', [issuer]), undefined);
    assert.deepEqual(unverifiedPayload('{"iss":"x"}.a.b'), undefined);
  });

  it('rejects a token signed by another key, or tampered with', async () => {
    await rejects(authenticatorAt(issued)(await token({ signWith: otherKey }), [issuer]), 'invalid signature, no keys found');
    const [header, , signature] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ ...unverifiedPayload(await token()), sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url');
    await rejects(authenticatorAt(issued)(`${header}.${forged}.${signature}`, [issuer]), 'go-jose/go-jose: error in cryptographic primitive');
  });

  it('rejects tokens for other audiences', async () => {
    await rejects(authenticatorAt(issued)(await token({ audiences: ['vault', 'other'] }), [issuer]),
      `token audiences ["vault" "other"] is invalid for the target audiences ["${issuer}"]`);
    assert.deepEqual((await authenticatorAt(issued)(await token({ audiences: ['vault'] }), ['vault']))?.audiences, ['vault']);
  });
});

describe('legacyServiceAccountAuthenticator', () => {
  it('authenticates the token its Secret holds and records the day it was used', async () => {
    const legacyToken = await signJwt(key, legacyTokenClaims({ namespace: 'team-a', name: 'builder', uid: 'sa-uid' }, 'builder-token'));
    const secret = object('team-a', 'builder-token', 'secret-uid', { data: { token: Buffer.from(legacyToken).toString('base64') } });
    const marked: string[] = [];
    const authenticate = legacyServiceAccountAuthenticator({
      keys: [key], implicitAudiences: [issuer], lookups: fakeLookups({ serviceaccounts: [sa], secrets: [secret] }),
      clock: () => issued, markUsed: async (s, date) => { marked.push(`${s.metadata.name}@${date}`); },
    });
    assert.deepEqual(await authenticate(legacyToken, [issuer]), {
      user: { username: 'system:serviceaccount:team-a:builder', uid: 'sa-uid', groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a'] },
      audiences: [issuer],
    });
    assert.deepEqual(marked, ['builder-token@2025-01-02']);
    assert.equal(await authenticate(await token(), [issuer]), undefined);
  });
});
