import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidTokenError, type TokenAuthenticator } from '../../../src/auth/token-authenticator.js';
import { tokenReviewHandler } from '../../../src/auth/token-review-handler.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { StatusError } from '../../../src/machinery/status.js';
import type { CustomRequest, CustomResponse } from '../../../src/resources/types.js';

const sa: TokenAuthenticator = async (token, audiences) => {
  if (token === 'expired') throw new InvalidTokenError('service account token has expired');
  if (token !== 'good') return undefined;
  return { user: { username: 'system:serviceaccount:a:b', uid: 'u', groups: ['system:serviceaccounts'], extra: { k: ['v'] } }, audiences: audiences.filter((a) => a === 'api') };
};
const handler = tokenReviewHandler(() => [sa], ['api']);
const review = (spec: Record<string, unknown>) => handler({
  verb: 'create', user: { username: 'admin', groups: [] }, query: new URLSearchParams(), dryRun: false, http: {} as CustomRequest['http'],
  body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', metadata: {}, spec } as KubeObject,
}) as Promise<Exclude<CustomResponse, { streamed: true }>>;

describe('tokenReviewHandler', () => {
  it('reports the user and audiences of a good token', async () => {
    assert.deepEqual(await review({ token: 'good' }), {
      code: 201,
      body: {
        kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { token: 'good' },
        status: {
          authenticated: true,
          user: { username: 'system:serviceaccount:a:b', uid: 'u', groups: ['system:serviceaccounts', 'system:authenticated'], extra: { k: ['v'] } },
          audiences: ['api'],
        },
      },
    });
  });

  it('reports why a token is refused, with an empty user', async () => {
    assert.deepEqual((await review({ token: 'expired' })).body, {
      kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { token: 'expired' },
      status: { user: {}, error: '[invalid bearer token, service account token has expired]' },
    });
    assert.deepEqual(((await review({ token: 'unknown', audiences: ['vault'] })).body as { status: unknown }).status, { user: {}, error: 'invalid bearer token' });
  });

  it('needs a token', async () => {
    await assert.rejects(review({}), (e: unknown) => e instanceof StatusError && e.code === 400 && e.message === 'token is required for TokenReview in authentication');
  });
});
