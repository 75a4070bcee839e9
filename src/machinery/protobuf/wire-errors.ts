// Protobuf wire-format failures, worded as kube-apiserver's gogo-generated decoders word them
// (k8s.io/apimachinery pkg/runtime/generated.pb.go and the k8s.io/api generated.pb.go files),
// because those texts end up in the 400 answer the client sees.
import protobuf from 'protobufjs';
import type { MessageSpec } from './schema.js';

/** A body that cannot be read; the message is already the Go decoder's text. */
export class WireFormatError extends Error {}

const failingMessageOf = new WeakMap<object, string>();

/**
 * gogo's texts name the message whose Unmarshal failed, protobufjs's do not: wrap the type's
 * generated decoder (which nested messages call too) so an error remembers the innermost message.
 */
export function rememberFailingMessage(type: protobuf.Type, goName = type.name): void {
  const decode = type.decode as (...args: unknown[]) => protobuf.Message;
  type.decode = function decodeRememberingFailures(this: protobuf.Type, ...args: unknown[]) {
    try {
      return decode.apply(this, args);
    } catch (err) {
      if (typeof err === 'object' && err !== null && !failingMessageOf.has(err)) failingMessageOf.set(err, goName);
      throw err;
    }
  } as protobuf.Type['decode'];
}

/** The Go decoder's text for an error protobufjs threw while `reader` was reading. */
export function goWireErrorText(err: unknown, reader: protobuf.Reader): string {
  if (err instanceof WireFormatError) return err.message;
  const text = err instanceof Error ? err.message : String(err);
  const message = (typeof err === 'object' && err !== null && failingMessageOf.get(err)) || 'Unknown';
  if (err instanceof RangeError || text.startsWith('index out of range') || text === 'invalid length encoding') {
    return 'unexpected EOF';
  }
  const wireType = /^invalid wire type (\d+)/.exec(text);
  if (wireType) {
    return wireType[1] === '4' ? `proto: ${message}: wiretype end group for non-group` : `proto: illegal wireType ${wireType[1]}`;
  }
  // The tag was a single byte 0..7, the last one read: its value is the wire type gogo prints.
  if (text.startsWith('illegal tag')) return `proto: ${message}: illegal tag 0 (wire type ${reader.buf[reader.pos - 1] & 7})`;
  if (text === 'invalid varint encoding' || text === 'invalid tag encoding') return 'proto: integer overflow';
  return text;
}

const GO_FIELD_NAMES: Readonly<Record<string, string>> = {
  metadata: 'ObjectMeta',
  apiVersion: 'APIVersion',
  apiGroup: 'APIGroup',
  apiGroups: 'APIGroups',
  uid: 'UID',
  uID: 'UID',
};

function goFieldName(protoName: string): string {
  return GO_FIELD_NAMES[protoName] ?? protoName[0].toUpperCase() + protoName.slice(1);
}

/**
 * protobufjs files a known field that arrives with the wrong wire type under `$unknowns` and
 * carries on; gogo rejects it. Throws gogo's error when `decoded` holds such a field.
 */
export function rejectMisencodedFields(spec: MessageSpec, decoded: object): void {
  const unknowns = (decoded as { $unknowns?: Uint8Array[] }).$unknowns ?? [];
  for (const raw of unknowns) {
    const tag = protobuf.Reader.create(raw).tag();
    const name = Object.keys(spec.fields).find((field) => spec.fields[field].id === tag >>> 3);
    if (name !== undefined) throw new WireFormatError(`proto: wrong wireType = ${tag & 7} for field ${goFieldName(name)}`);
  }
}
