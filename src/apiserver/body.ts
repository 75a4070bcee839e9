// Request bodies: size limit, media type, and decoding into a plain object (JSON, YAML or
// Kubernetes protobuf), with Kubernetes' errors for every way a body can be wrong.
import type { IncomingMessage } from 'node:http';
import { decodeError } from '../machinery/go-json/index.js';
import { parseYamlBody } from '../machinery/go-json/yaml-body.js';
import { goJsonTypeError } from '../machinery/go-json/type-errors.js';
import type { KubeObject } from '../machinery/object.js';
import { errors } from '../machinery/status.js';
import { apiVersionOf, type ResourceDefinition } from '../resources/types.js';

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY_BYTES) {
    req.resume();
    throw errors.requestEntityTooLarge(`limit is ${MAX_REQUEST_BODY_BYTES}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY_BYTES) {
      req.resume();
      throw errors.requestEntityTooLarge(`limit is ${MAX_REQUEST_BODY_BYTES}`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased; JSON when absent. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase() || 'application/json';
}

/** Parses JSON or YAML text to a value, or throws the Status Kubernetes answers. */
export function parseStructured(text: string, format: 'json' | 'yaml', def: ResourceDefinition<any>): unknown {
  if (format === 'yaml') {
    const parsed = parseYamlBody(text);
    if ('value' in parsed) return parsed.value;
  } else {
    try {
      return JSON.parse(text);
    } catch {
      // The exact Go error follows.
    }
  }
  throw decodeError(def.kind, text, format, def.schema) ?? errors.badRequest(`couldn't get version/kind; ${format} parse error`);
}

/** Decodes a create/update body into the kind's object; checks apiVersion and kind against the endpoint. */
export async function decodeObjectBody(body: Buffer, contentType: string | undefined, def: ResourceDefinition<any>): Promise<KubeObject> {
  const type = mediaType(contentType);
  let value: unknown;
  if (type === 'application/vnd.kubernetes.protobuf') {
    // protobufjs and the message schema are loaded on the first protobuf body, not at start-up.
    const { decodeKubernetesProtobuf } = await import('../machinery/protobuf/decode.js');
    value = decodeKubernetesProtobuf(body, { group: def.group, version: def.version, kind: def.kind }).object;
  } else if (type === 'application/json' || type === 'application/yaml') {
    const text = body.toString('utf8');
    const format = type === 'application/json' ? 'json' : 'yaml';
    value = parseStructured(text, format, def);
    // Wrong shapes fail as Go's decoder fails; the exact error needs the body text.
    if (!isPlainObject(value) || goJsonTypeError(def.schema, def.kind, value)) {
      const err = decodeError(def.kind, text, format, def.schema, apiVersionOf(def));
      if (err) throw err;
    }
  } else {
    throw errors.unsupportedMediaType(OBJECT_MEDIA_TYPES);
  }
  return checkTypeMeta(value, def);
}

/** The object must be of the endpoint's group, version and kind (a missing apiVersion/kind defaults to them). */
export function checkTypeMeta(value: unknown, def: ResourceDefinition<any>): KubeObject {
  // A `null` body decodes to an empty object, as in Go.
  if (value === null) value = {};
  if (!isPlainObject(value)) throw errors.badRequest(`Object 'Kind' is missing in '${JSON.stringify(value)}'`);
  const obj = value as KubeObject;
  const expected = apiVersionOf(def);
  if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== expected) {
    throw errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`);
  }
  if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== def.kind) {
    throw errors.badRequest(`${String(obj.kind)} in version "${expected}" cannot be handled as a ${def.kind}: converting (${def.version}.${String(obj.kind)}) to (${def.group || 'core'}.${def.kind}): unknown conversion`);
  }
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  return obj;
}

/** A value of the wrong JSON type for its field fails as Go's decoder fails. */
export function throwOnTypeMismatch(value: unknown, def: ResourceDefinition<any>): void {
  const typeError = goJsonTypeError(def.schema, def.kind, value);
  if (typeError) {
    throw errors.badRequest(`${def.kind} in version "${apiVersionOf(def)}" cannot be handled as a ${def.kind}: ${typeError}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
