// The objects the benchmark writes: 1 KiB of payload each, as JSON request bodies.
import { randomBytes } from 'node:crypto';

/** Bytes of payload per object (a ConfigMap value, or a Secret's raw bytes). */
export const PAYLOAD_BYTES = 1024;

const CONFIGMAP_VALUE = 'x'.repeat(PAYLOAD_BYTES - 8);

/** A ConfigMap whose data holds 1 KiB: `version` (8 characters, varied by updates) and a filler. */
export function configMapBody(name: string, version = 0, resourceVersion?: string): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, ...(resourceVersion && { resourceVersion }) },
    data: { version: String(version).padStart(8, '0'), filler: CONFIGMAP_VALUE },
  });
}

/** An Opaque Secret holding 1 KiB of random bytes (base64 on the wire). */
export function secretBody(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: { name },
    data: { payload: randomBytes(PAYLOAD_BYTES).toString('base64') },
  });
}

export function namespaceBody(name: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** Object names sort in creation order (zero-padded). */
export function objectName(index: number): string {
  return `obj-${String(index).padStart(7, '0')}`;
}

export function resourceVersionOf(body: Buffer): string {
  const rv = (JSON.parse(body.toString('utf8')) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
  if (!rv) throw new Error('response has no metadata.resourceVersion');
  return rv;
}
