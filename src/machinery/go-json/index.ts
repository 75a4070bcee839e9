// The 400 kube-apiserver answers for a create/update body it cannot decode, reproduced from its
// decode path (apimachinery's JSON/YAML serializer, then the handlers' transformDecodeError):
//
// 1. YAML bodies become JSON first (sigs.k8s.io/yaml; here the `yaml` library); a YAML error fails here.
// 2. apiVersion/kind are sniffed with encoding/json. JSON syntax errors, a body that is not an
//    object, a non-string apiVersion/kind, or an apiVersion with two slashes fail here.
//    Failures of 1 and 2 know no kind yet, so they read
//    `the object provided is unrecognized (must be of type <Kind>): <error> (<body summary>)`.
// 3. The body is decoded into the kind's Go struct (sigs.k8s.io/json); a type error, bad base64 or
//    a bad timestamp fails with `<Kind> in version "<version>" cannot be handled as a <Kind>: <error>`.
import type { TSchema } from '@sinclair/typebox';
import { goQuote } from '../go-format.js';
import { errors, type StatusError } from '../status.js';
import { parseOrderedJson } from './ordered-json.js';
import { goJsonSyntaxError } from './syntax-error.js';
import { goJsonTypeError } from './type-errors.js';
import { interpretTypeMeta, parseGroupVersion } from './type-meta.js';
import { parseYamlBody } from './yaml-body.js';

/** How much of the body the "unrecognized" message quotes (summarizeData's maxLength). */
const SUMMARY_BYTES = 30;

/**
 * The exact BadRequest kube-apiserver returns for `body` sent to an endpoint of `kind` (core group
 * and version v1 unless `apiVersion` says otherwise), or undefined when Go would decode it.
 * Meant for the failure path: after JSON.parse or the YAML parser threw, or a parsed value has a
 * wrong type. A body whose apiVersion/kind name another type is left to the caller (undefined).
 */
export function decodeError(
  kind: string, body: string, contentType: 'json' | 'yaml', schema: TSchema, apiVersion = 'v1',
): StatusError | undefined {
  const unrecognized = (error: string) =>
    errors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${error} (${summarizeBody(body)})`);

  let value: unknown;
  if (contentType === 'json') {
    const syntaxError = goJsonSyntaxError(body);
    if (syntaxError) return unrecognized(`couldn't get version/kind; json parse error: ${syntaxError}`);
    value = parseOrderedJson(body);
  } else {
    const converted = parseYamlBody(body);
    if ('error' in converted) return unrecognized(converted.error);
    value = converted.value;
  }

  const sniffed = interpretTypeMeta(value);
  if ('error' in sniffed) return unrecognized(sniffed.error);
  const expected = parseGroupVersion(apiVersion) as { group: string; version: string };
  const gvk = { ...sniffed, kind: sniffed.kind || kind };
  // gvkWithDefaults: a body without apiVersion takes the endpoint's group and version.
  if (!gvk.version && (!gvk.group || gvk.group === expected.group)) Object.assign(gvk, expected);
  if (gvk.kind !== kind || gvk.group !== expected.group || gvk.version !== expected.version) return undefined;

  const typeError = goJsonTypeError(schema, kind, value);
  if (!typeError) return undefined;
  return errors.badRequest(`${gvk.kind} in version ${goQuote(gvk.version)} cannot be handled as a ${kind}: ${typeError}`);
}

/**
 * summarizeData: an object body's first bytes as text, anything else's in hex. Go cuts bytes, so a
 * split UTF-8 sequence shows as one U+FFFD per byte once the message is encoded as JSON.
 */
export function summarizeBody(body: string): string {
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length === 0) return '<empty>';
  const cut = bytes.length > SUMMARY_BYTES;
  const head = cut ? bytes.subarray(0, SUMMARY_BYTES) : bytes;
  const more = cut ? ' ...' : '';
  if (bytes[0] !== 0x7b /* { */) return head.toString('hex') + more;
  const partial = trailingPartialSequence(head);
  return head.subarray(0, head.length - partial).toString('utf8') + '\ufffd'.repeat(partial) + more;
}

/** How many bytes at the end start a UTF-8 sequence that the cut left incomplete. */
function trailingPartialSequence(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}
