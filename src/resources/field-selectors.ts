// Field selector fields every kind supports, and the two 400 messages Kubernetes uses.
import type { KubeObject } from '../machinery/object.js';

export const metadataFieldSelectors = {
  'metadata.name': (obj: KubeObject) => obj.metadata.name ?? '',
  'metadata.namespace': (obj: KubeObject) => obj.metadata.namespace ?? '',
};

/** The generic message (ConfigMap, ServiceAccount: kinds without their own field-label conversion). */
export const notAKnownFieldSelector = (supported: string[]) => (field: string) =>
  `"${field}" is not a known field selector: only ${supported.map((f) => `"${f}"`).join(', ')}`;

/** The message of kinds with their own field-label conversion function (Secret, Namespace, Pod, Event). */
export const fieldLabelNotSupported = (field: string) => `field label not supported: ${field}`;
