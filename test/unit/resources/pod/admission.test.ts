import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ObjectLookups } from '../../../../src/auth/object-lookups.js';
import { errors, StatusError } from '../../../../src/machinery/status.js';
import { admitPod, usePodAdmissionLookups } from '../../../../src/resources/pod/admission.js';
import type { Pod } from '../../../../src/resources/pod/schema.js';

const lookups = (accounts: string[]): ObjectLookups => ({
  serviceAccount: async (namespace, name) => {
    if (!accounts.includes(name)) throw errors.notFound({ group: '', resource: 'serviceaccounts' }, name);
    return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace }, automountServiceAccountToken: false };
  },
  secret: async () => { throw new Error('unused'); },
  pod: async () => { throw new Error('unused'); },
  node: async () => { throw new Error('unused'); },
});
const pod = (spec: object = {}) => ({ metadata: { name: 'p', namespace: 'team' }, spec: { containers: [{ name: 'app', image: 'x' }], ...spec } }) as Pod;

describe('admitPod (ServiceAccount admission on pod create)', () => {
  afterEach(() => usePodAdmissionLookups(undefined));

  it('does nothing until a server hands it lookups, nor on updates', async () => {
    const p = pod();
    await admitPod({ obj: p, namespace: 'team' });
    assert.equal(p.spec!.serviceAccountName, undefined);
    usePodAdmissionLookups(lookups([]));
    await admitPod({ obj: p, old: p, namespace: 'team' });
    assert.equal(p.spec!.serviceAccountName, undefined);
  });

  it('defaults the service account and refuses a missing one with the upstream 403', async () => {
    usePodAdmissionLookups(lookups(['default']));
    const p = pod();
    await admitPod({ obj: p, namespace: 'team' });
    assert.deepEqual(p.spec, { containers: [{ name: 'app', image: 'x' }], serviceAccountName: 'default' });
    await assert.rejects(admitPod({ obj: pod({ serviceAccountName: 'restricted-sa' }), namespace: 'team' }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.message, 'pods "p" is forbidden: error looking up service account team/restricted-sa: serviceaccount "restricted-sa" not found');
      return true;
    });
  });
});
