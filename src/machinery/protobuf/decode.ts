// Reads an `application/vnd.kubernetes.protobuf` request body (the "k8s\0" magic, then a
// runtime.Unknown envelope whose raw bytes are the object) into the plain object the same
// request would have carried as JSON. Failures become the 400s kube-apiserver answers
// (apiserver pkg/endpoints/handlers/rest.go transformDecodeError, apimachinery
// pkg/runtime/serializer/protobuf/protobuf.go Decode).
import { goQuote } from '../go-format.js';
import { errors, isStatusError, type StatusError } from '../status.js';
import { isKindInEveryGroupVersion, isRegisteredKind, protobufType } from './schema.js';
import { messageToJson } from './to-json.js';
import { decodeLikeGogo, WireFormatError } from './wire-errors.js';

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object as JSON would carry it, `kind` and `apiVersion` included. */
  object: Record<string, unknown>;
}

/**
 * The kind the endpoint stores. kube-apiserver fills a missing kind or apiVersion in the envelope
 * from it, rejects other kinds, and names it in error messages. Without it any registered kind is
 * accepted and messages name the envelope's kind.
 */
export interface ExpectedKind {
  group: string;
  version: string;
  kind: string;
}

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);
// kube-apiserver registers every built-in kind in one scheme; errors quote its creation site.
const SCHEME_NAME = 'pkg/api/legacyscheme/scheme.go:30';

/** Why decoding failed, and the kind read from the envelope when it got that far. */
class DecodeFailure {
  constructor(readonly reason: string, readonly gvk?: GroupVersionKind) {}
}

export function decodeKubernetesProtobuf(body: Uint8Array, expected?: ExpectedKind): DecodedObject {
  try {
    return decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), expected);
  } catch (err) {
    if (isStatusError(err)) throw err;
    const failure = err instanceof DecodeFailure ? err : new DecodeFailure(err instanceof Error ? err.message : String(err));
    throw decodeError(failure, body, expected);
  }
}

function decode(body: Buffer, expected: ExpectedKind | undefined): DecodedObject {
  if (body.length === 0) throw new DecodeFailure('empty data');
  if (body.length < MAGIC.length || !MAGIC.every((byte, i) => body[i] === byte)) {
    throw new DecodeFailure(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`);
  }
  if (body.length === MAGIC.length) throw new DecodeFailure('empty body');

  const envelope = readMessage('Unknown', body.subarray(MAGIC.length));
  const typeMeta = envelope.json.typeMeta as { apiVersion?: string; kind?: string };
  const gvk = kindDefaultedFrom(expected, fromApiVersionAndKind(typeMeta.apiVersion ?? '', typeMeta.kind ?? ''));
  if (!gvk.kind) throw new DecodeFailure(`Object 'Kind' is missing in '${goTypeMeta(typeMeta)}'`, gvk);
  if (!gvk.version) throw new DecodeFailure(`Object 'apiVersion' is missing in '${goTypeMeta(typeMeta)}'`, gvk);

  const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  if (!isRegisteredKind(apiVersion, gvk.kind)) throw new DecodeFailure(notRegistered(gvk, apiVersion), gvk);
  // An absent field reads as protobufjs's prototype default, which is not a byte array.
  const raw = envelope.decoded.raw instanceof Uint8Array ? envelope.decoded.raw : new Uint8Array(0);
  const { json } = readMessage(gvk.kind, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), gvk);

  if (expected && !convertible(gvk, expected)) {
    const internalPackage = expected.group ? expected.group.split('.')[0] : 'core';
    throw new DecodeFailure(`converting (${gvk.version}.${gvk.kind}) to (${internalPackage}.${expected.kind}): unknown conversion`, gvk);
  }
  return { apiVersion, kind: gvk.kind, object: { kind: gvk.kind, apiVersion, ...json } };
}

/** Decodes one message; wire errors come back in the Go decoder's words. */
function readMessage(messageName: string, bytes: Buffer, gvk?: GroupVersionKind) {
  try {
    const decoded = decodeLikeGogo(protobufType(messageName), bytes) as unknown as Record<string, unknown>;
    return { decoded, json: messageToJson(messageName, decoded) };
  } catch (err) {
    if (err instanceof WireFormatError) throw new DecodeFailure(err.message, gvk);
    throw err;
  }
}

/** schema.FromAPIVersionAndKind: an unparsable apiVersion leaves group and version empty. */
function fromApiVersionAndKind(apiVersion: string, kind: string): GroupVersionKind {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '', kind };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion, kind };
  if (parts.length === 2) return { group: parts[0], version: parts[1], kind };
  return { group: '', version: '', kind };
}

/** The protobuf serializer's copyKindDefaults, applied with the endpoint's kind. */
function kindDefaultedFrom(expected: ExpectedKind | undefined, gvk: GroupVersionKind): GroupVersionKind {
  if (!expected) return gvk;
  const kind = gvk.kind || expected.kind;
  if (!gvk.version && expected.version) return { group: expected.group, version: expected.version, kind };
  return { ...gvk, kind };
}

/** Same Go type: the same group and kind, or a kind shared by every group version. */
function convertible(gvk: GroupVersionKind, expected: ExpectedKind): boolean {
  if (gvk.kind !== expected.kind) return false;
  return gvk.group === expected.group || isKindInEveryGroupVersion(gvk.kind);
}

function notRegistered(gvk: GroupVersionKind, apiVersion: string): string {
  if (gvk.version === '__internal') {
    return `no kind ${goQuote(gvk.kind)} is registered for the internal version of group ${goQuote(gvk.group)} in scheme ${goQuote(SCHEME_NAME)}`;
  }
  return `no kind ${goQuote(gvk.kind)} is registered for version ${goQuote(apiVersion)} in scheme ${goQuote(SCHEME_NAME)}`;
}

/** Go's %#v of runtime.TypeMeta. */
function goTypeMeta(typeMeta: { apiVersion?: string; kind?: string }): string {
  return `runtime.TypeMeta{APIVersion:${goQuote(typeMeta.apiVersion ?? '')}, Kind:${goQuote(typeMeta.kind ?? '')}}`;
}

/** transformDecodeError: name the kind when the envelope was read, else show the start of the body. */
function decodeError(failure: DecodeFailure, body: Uint8Array, expected: ExpectedKind | undefined): StatusError {
  const gvk = failure.gvk;
  const into = expected?.kind ?? (gvk?.kind || 'Unknown');
  if (gvk?.kind) {
    return errors.badRequest(`${gvk.kind} in version ${goQuote(gvk.version)} cannot be handled as a ${into}: ${failure.reason}`);
  }
  return errors.badRequest(`the object provided is unrecognized (must be of type ${into}): ${failure.reason} (${summarizeData(body)})`);
}

/** The handlers' summarizeData(body, 30). */
function summarizeData(body: Uint8Array, maxLength = 30): string {
  if (body.length === 0) return '<empty>';
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, maxLength));
  const text = body[0] === 0x7b /* { */ ? head.toString('utf8') : head.toString('hex');
  return body.length > maxLength ? `${text} ...` : text;
}
