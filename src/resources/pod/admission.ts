// Pod-create admission that needs other objects: the ServiceAccount plugin
// (src/auth/serviceaccount-admission.ts) defaults spec.serviceAccountName, requires the account
// to exist and mounts the kube-api-access volume. It runs only once a server has handed it its
// object lookups (usePodAdmissionLookups); without them pods are admitted as they are.
import type { ObjectLookups } from '../../auth/object-lookups.js';
import { DEFAULT_SERVICE_ACCOUNT_NAME, serviceAccountAdmission, type AdmissionPod, type AdmissionServiceAccount } from '../../auth/serviceaccount-admission.js';
import { StatusError } from '../../machinery/status.js';
import type { AdmissionRequest } from '../types.js';
import type { Pod } from './schema.js';

let lookups: ObjectLookups | undefined;

/** Turns the ServiceAccount admission on (a server's lookups) or off (undefined). */
export function usePodAdmissionLookups(value: ObjectLookups | undefined): void {
  lookups = value;
}

export async function admitPod(request: AdmissionRequest<Pod>): Promise<void> {
  if (request.old || !lookups) return;
  const pod = request.obj;
  const namespace = request.namespace ?? pod.metadata.namespace ?? '';
  const saName = pod.spec?.serviceAccountName || DEFAULT_SERVICE_ACCOUNT_NAME;
  const serviceAccount = await findServiceAccount(lookups, namespace, saName);
  const admitted = serviceAccountAdmission(pod as unknown as AdmissionPod, serviceAccount);
  if (admitted instanceof StatusError) throw admitted;
  pod.spec = admitted.spec as Pod['spec'];
  // An empty list is omitted on the wire (omitempty), as the decoded Go slice would be.
  if (!pod.spec?.imagePullSecrets?.length) delete pod.spec?.imagePullSecrets;
}

/** `default` is created by a controller just after its namespace: wait briefly for it, as upstream does. */
const DEFAULT_ACCOUNT_WAIT_MS = 2000;

async function findServiceAccount(from: ObjectLookups, namespace: string, name: string): Promise<AdmissionServiceAccount | undefined> {
  const deadline = Date.now() + (name === DEFAULT_SERVICE_ACCOUNT_NAME ? DEFAULT_ACCOUNT_WAIT_MS : 0);
  for (;;) {
    try {
      return (await from.serviceAccount(namespace, name)) as AdmissionServiceAccount;
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === 'NotFound')) throw e;
    }
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}
