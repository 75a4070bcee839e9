import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { signingKeyFromPem, unverifiedPayload } from '../../../src/auth/service-account-jwt.js';
import { tokenRequestHandler } from '../../../src/auth/token-request-handler.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { StatusError } from '../../../src/machinery/status.js';
import type { CustomRequest, CustomResponse } from '../../../src/resources/types.js';
import { fakeLookups, object } from './fake-lookups.js';

const key = signingKeyFromPem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
const issuer = 'https://kubernetes.default.svc.cluster.local';
const now = new Date('2025-01-02T03:00:00Z');
const at = now.getTime() / 1000;
const lookups = fakeLookups({
  serviceaccounts: [object('team-a', 'builder', 'sa-uid')],
  pods: [object('team-a', 'web', 'pod-uid', { spec: { serviceAccountName: 'builder', nodeName: 'node-1' } }), object('team-a', 'other', 'o', { spec: { serviceAccountName: 'default' } })],
  nodes: [object(undefined, 'node-1', 'node-uid')],
  secrets: [object('team-a', 's', 'secret-uid')],
});
const handler = tokenRequestHandler({ issuer, apiAudiences: [issuer], key, lookups, clock: () => now, newTokenId: () => 'jti-1' });
const request = (spec: Record<string, unknown>, name = 'builder', metadata: Record<string, unknown> = {}) => ({
  verb: 'create', namespace: 'team-a', name, subresource: 'token', user: { username: 'admin', groups: [] },
  body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata, spec } as KubeObject,
  query: new URLSearchParams(), dryRun: false, http: {} as CustomRequest['http'],
}) as CustomRequest;
const answer = async (spec: Record<string, unknown>, name?: string) => {
  const response = await handler(request(spec, name)) as Exclude<CustomResponse, { streamed: true }>;
  const body = response.body as { spec: unknown; status: { token: string; expirationTimestamp: string }; metadata: unknown };
  return { code: response.code, body, claims: unverifiedPayload(body.status.token)! };
};
const failsWith = (promise: Promise<unknown>, code: number, message: string) => assert.rejects(promise, (e: unknown) => {
  assert.ok(e instanceof StatusError);
  assert.deepEqual([e.code, e.message], [code, message]);
  return true;
});

describe('tokenRequestHandler', () => {
  it('issues an hour-long token for the API server audience by default', async () => {
    const { code, body, claims } = await answer({});
    assert.equal(code, 201);
    assert.deepEqual(body.metadata, { name: 'builder', namespace: 'team-a', creationTimestamp: '2025-01-02T03:00:00Z' });
    assert.deepEqual(body.spec, { audiences: [issuer], expirationSeconds: 3600 });
    assert.equal(body.status.expirationTimestamp, '2025-01-02T04:00:00Z');
    assert.deepEqual(claims, {
      aud: [issuer], exp: at + 3600, iat: at, iss: issuer, jti: 'jti-1',
      'kubernetes.io': { namespace: 'team-a', serviceaccount: { name: 'builder', uid: 'sa-uid' } },
      nbf: at, sub: 'system:serviceaccount:team-a:builder',
    });
  });

  it('refuses lifetimes under 10 minutes or over 2^32 seconds', async () => {
    await failsWith(handler(request({ expirationSeconds: 599 })), 422,
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes');
    await failsWith(handler(request({ expirationSeconds: 2 ** 32 + 1 })), 422,
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds');
  });

  it('needs an existing service account, named as in the URL', async () => {
    await failsWith(handler(request({}, 'ghost')), 404, 'serviceaccounts "ghost" not found');
    await failsWith(handler(request({}, 'builder', { name: 'other' })), 422,
      'TokenRequest.authentication.k8s.io "builder" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified');
  });

  it('binds to a pod of this service account, naming its node, with the 3607-second extension', async () => {
    const { body, claims } = await answer({ expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'pod-uid' } });
    assert.equal(body.status.expirationTimestamp, '2025-01-02T04:00:07Z');
    assert.equal(claims.exp, at + 31536000);
    assert.deepEqual(claims['kubernetes.io'], {
      namespace: 'team-a', node: { name: 'node-1', uid: 'node-uid' }, pod: { name: 'web', uid: 'pod-uid' },
      serviceaccount: { name: 'builder', uid: 'sa-uid' }, warnafter: at + 3607,
    });
  });

  it('binds to an existing secret', async () => {
    const { claims } = await answer({ boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's' } });
    assert.deepEqual((claims['kubernetes.io'] as Record<string, unknown>).secret, { name: 's', uid: 'secret-uid' });
  });

  it('refuses bound objects that are missing, replaced, of another service account or of another kind', async () => {
    await failsWith(handler(request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'gone' } })), 404, 'pods "gone" not found');
    await failsWith(handler(request({ boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's', uid: 'old' } })), 409,
      'Operation cannot be fulfilled on Secret "s": the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated');
    await failsWith(handler(request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'other' } })), 400,
      'cannot bind token for serviceaccount "builder" to pod running with different serviceaccount name.');
    await failsWith(handler(request({ boundObjectRef: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'd' } })), 400,
      'cannot bind token to object of type apps/v1, Kind=Deployment');
  });
});
