import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completedTokenSecret, isTokenOf } from '../../../src/controllers/tokens-controller.js';
import type { KubeObject } from '../../../src/machinery/object.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (annotations: Record<string, string>, data?: Record<string, string>): KubeObject => ({
  metadata: { name: 'builder-token', namespace: 'team-a', annotations }, type: 'kubernetes.io/service-account-token', ...(data ? { data } : {}),
});
const account = { namespace: 'team-a', name: 'builder', uid: 'sa-uid' };

describe('isTokenOf', () => {
  it('matches the service account name, and its UID when the Secret records one', () => {
    assert.equal(isTokenOf(secret({ 'kubernetes.io/service-account.name': 'builder' }), account), true);
    assert.equal(isTokenOf(secret({ 'kubernetes.io/service-account.name': 'builder', 'kubernetes.io/service-account.uid': 'sa-uid' }), account), true);
    assert.equal(isTokenOf(secret({ 'kubernetes.io/service-account.name': 'builder', 'kubernetes.io/service-account.uid': 'old' }), account), false);
    assert.equal(isTokenOf(secret({ 'kubernetes.io/service-account.name': 'other' }), account), false);
  });
});

describe('completedTokenSecret', () => {
  it('fills in the token, CA, namespace and UID annotation of a new token Secret', async () => {
    const filled = await completedTokenSecret(secret({ 'kubernetes.io/service-account.name': 'builder' }), account, 'CA PEM', async () => 'jwt');
    assert.deepEqual(filled, {
      metadata: {
        name: 'builder-token', namespace: 'team-a',
        annotations: { 'kubernetes.io/service-account.name': 'builder', 'kubernetes.io/service-account.uid': 'sa-uid' },
      },
      type: 'kubernetes.io/service-account-token',
      data: { 'ca.crt': b64('CA PEM'), namespace: b64('team-a'), token: b64('jwt') },
    });
  });

  it('changes nothing on a complete Secret, and only the CA when it changed', async () => {
    const complete = secret({ 'kubernetes.io/service-account.name': 'builder' }, { 'ca.crt': b64('CA PEM'), namespace: b64('team-a'), token: b64('jwt') });
    assert.equal(await completedTokenSecret(complete, account, 'CA PEM', () => assert.fail('no new token')), undefined);
    const renewed = await completedTokenSecret(complete, account, 'NEW CA', () => assert.fail('no new token'));
    assert.deepEqual(renewed?.data, { 'ca.crt': b64('NEW CA'), namespace: b64('team-a'), token: b64('jwt') });
  });
});
