import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  audienceAgnostic, authenticateToken, InvalidTokenError, type TokenAuthenticator,
} from '../../../src/auth/token-authenticator.js';
import { bearerToken } from '../../../src/auth/bearer-token-authenticator.js';

const jane: TokenAuthenticator = async (token) => (token === 'jane-token' ? { user: { username: 'jane', groups: ['devs'] }, audiences: [] } : undefined);
const expired: TokenAuthenticator = async (token) => {
  if (token.startsWith('jwt')) throw new InvalidTokenError('service account token has expired');
  return undefined;
};

describe('authenticateToken', () => {
  it('adds system:authenticated to the user the first authenticator names', async () => {
    assert.deepEqual(await authenticateToken([expired, jane], 'jane-token', []), {
      ok: true, response: { user: { username: 'jane', groups: ['devs', 'system:authenticated'] }, audiences: [] },
    });
  });

  it('words failures as Kubernetes aggregates them', async () => {
    assert.deepEqual(await authenticateToken([expired, jane], 'unknown', []), { ok: false, error: 'invalid bearer token' });
    assert.deepEqual(await authenticateToken([expired, jane], 'jwt-1', []), {
      ok: false, error: '[invalid bearer token, service account token has expired]',
    });
  });
});

describe('audienceAgnostic', () => {
  const wrapped = audienceAgnostic(['api'], jane);
  it('answers for the API server audiences only', async () => {
    assert.deepEqual((await wrapped('jane-token', ['api', 'x']))?.audiences, ['api']);
    assert.deepEqual((await wrapped('jane-token', []))?.audiences, ['api']);
    assert.equal(await wrapped('jane-token', ['vault']), undefined);
  });
});

describe('bearerToken', () => {
  it('reads `Bearer <token>` as Kubernetes does', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('  Bearer abc  '), 'abc');
    assert.equal(bearerToken('Bearer  abc'), undefined);
    assert.equal(bearerToken('Basic dXNlcjpwYXNz'), undefined);
    assert.equal(bearerToken('Bearer'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});
