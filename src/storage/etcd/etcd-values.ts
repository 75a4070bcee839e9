// Values as etcd holds them. Arca's objects are JSON, which spells some characters in up to six bytes
// (`"` as `\"`, control characters as `\u0001`), so a ConfigMap within Kubernetes' 1 MiB can be a
// JSON value over etcd's request limit (1.5 MiB by default), where kube-apiserver's protobuf fits.
// Large values are therefore stored deflated behind a marker. A value that merely starts with the
// marker is framed too, so every byte string reads back exactly as written.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** No JSON object and no `k8s:enc:` envelope starts with a NUL byte. */
const DEFLATED_MARKER = Buffer.from('\0arca-deflate:', 'latin1');

/** Smaller values fit etcd as they are, and a list of them should not pay for inflating each. */
export const DEFLATE_ABOVE_BYTES = 256 * 1024;

export function toStoredValue(value: Buffer): Buffer {
  const needsFrame = startsWithMarker(value);
  if (value.length <= DEFLATE_ABOVE_BYTES && !needsFrame) return value;
  const deflated = deflateRawSync(value);
  // Ciphertext (an encrypted Secret) does not shrink: it stays as it is, unless it must be framed.
  if (deflated.length >= value.length && !needsFrame) return value;
  return Buffer.concat([DEFLATED_MARKER, deflated]);
}

export function fromStoredValue(stored: Uint8Array): Uint8Array {
  if (!startsWithMarker(stored)) return stored;
  return inflateRawSync(stored.subarray(DEFLATED_MARKER.length));
}

function startsWithMarker(value: Uint8Array): boolean {
  return value.length >= DEFLATED_MARKER.length && DEFLATED_MARKER.equals(value.subarray(0, DEFLATED_MARKER.length));
}
