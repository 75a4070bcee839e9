// Reads protobuf with protobufjs but fails where, and as, kube-apiserver's gogo-generated decoders
// fail (k8s.io/apimachinery pkg/runtime/generated.pb.go and the k8s.io/api generated.pb.go files),
// because those texts end up in the 400 answer the client sees.
import protobuf from 'protobufjs';

/** A body that cannot be read; the message is already the Go decoder's text. */
export class WireFormatError extends Error {}

/** What gogo's texts say about a message: its Go type name and its fields' Go names by number. */
export interface GoMessageNames {
  goName: string;
  goFieldNames: ReadonlyMap<number, string>;
}

// Decoding is synchronous, so one stack tells which message the shared reader is inside.
const messagesBeingDecoded: GoMessageNames[] = [];

/** Wraps a type's generated decoder (which nested messages call too) to keep that stack. */
export function trackDecodingOf(type: protobuf.Type, names: GoMessageNames): void {
  const decode = type.decode as (...args: unknown[]) => protobuf.Message;
  type.decode = function decodeTracked(this: protobuf.Type, ...args: unknown[]) {
    messagesBeingDecoded.push(names);
    try {
      return decode.apply(this, args);
    } finally {
      messagesBeingDecoded.pop();
    }
  } as protobuf.Type['decode'];
}

/** Decodes `bytes` as `type`; every failure is a WireFormatError in gogo's words. */
export function decodeLikeGogo(type: protobuf.Type, bytes: Uint8Array): protobuf.Message {
  const reader = protobuf.Reader.create(bytes);
  checkSkippedFields(reader);
  try {
    return type.decode(reader);
  } catch (err) {
    if (err instanceof WireFormatError) throw err;
    throw new WireFormatError(goTextOf(err));
  }
}

/**
 * protobufjs skips every field it cannot use, a known field with the wrong wire type included;
 * gogo rejects those, and words tag and wire-type problems its own way. protobufjs calls
 * skipType for each such field, so the checks run there, in gogo's order.
 */
function checkSkippedFields(reader: protobuf.Reader): void {
  const skipType = reader.skipType;
  let nesting = 0; // fields inside a skipped group are gogo's skipGenerated's business only
  reader.skipType = function skipTypeLikeGogo(this: protobuf.Reader, wireType: number, ...rest: unknown[]) {
    const message = messagesBeingDecoded.at(-1);
    if (nesting === 0 && message) {
      const fieldNumber = rest[1] as number;
      if (wireType === 4) throw new WireFormatError(`proto: ${message.goName}: wiretype end group for non-group`);
      if (fieldNumber === 0) throw new WireFormatError(`proto: ${message.goName}: illegal tag 0 (wire type ${wireType})`);
      const field = message.goFieldNames.get(fieldNumber);
      if (field !== undefined) throw new WireFormatError(`proto: wrong wireType = ${wireType} for field ${field}`);
    }
    nesting++;
    try {
      return (skipType as (...args: unknown[]) => protobuf.Reader).call(this, wireType, ...rest);
    } finally {
      nesting--;
    }
  } as protobuf.Reader['skipType'];
}

const GROUP_FAILURES = new Set(['invalid end group tag', 'missing end group', 'max depth exceeded', 'illegal tag: field number 0']);

/** gogo's text for a failure protobufjs reports in its own words. */
function goTextOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError || text.startsWith('index out of range') || text === 'invalid length encoding') {
    return 'unexpected EOF';
  }
  const wireType = /^invalid wire type (\d+)/.exec(text);
  if (wireType) return `proto: illegal wireType ${wireType[1]}`;
  if (text === 'invalid varint encoding' || text === 'invalid tag encoding') return 'proto: integer overflow';
  // Malformed groups inside a skipped field: gogo tracks only group depth, so this is its nearest failure.
  if (GROUP_FAILURES.has(text)) return 'proto: unexpected end of group';
  return text;
}
