// In-memory ObjectLookups for auth tests: objects by kind and namespace/name, NotFound otherwise.
import type { ObjectLookups } from '../../../src/auth/object-lookups.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { errors } from '../../../src/machinery/status.js';

export function fakeLookups(objects: { serviceaccounts?: KubeObject[]; secrets?: KubeObject[]; pods?: KubeObject[]; nodes?: KubeObject[] }): ObjectLookups {
  const find = (plural: keyof typeof objects, namespace: string | undefined, name: string) => {
    const found = (objects[plural] ?? []).find((o) => o.metadata.name === name && o.metadata.namespace === namespace);
    return found ? Promise.resolve(structuredClone(found)) : Promise.reject(errors.notFound({ group: '', resource: plural }, name));
  };
  return {
    serviceAccount: (ns, name) => find('serviceaccounts', ns, name),
    secret: (ns, name) => find('secrets', ns, name),
    pod: (ns, name) => find('pods', ns, name),
    node: (name) => find('nodes', undefined, name),
  };
}

export const object = (namespace: string | undefined, name: string, uid: string, fields: Record<string, unknown> = {}): KubeObject =>
  ({ metadata: { name, uid, ...(namespace ? { namespace } : {}) }, ...fields });
