// JSON patch (RFC 6902) with the apiserver's rules and errors (handlers/patch.go). Kubernetes
// applies it with evanphx/json-patch v4, whose behaviour differs from the RFC in ways clients
// see, so each operation is first resolved here the v4 way and then performed by fast-json-patch
// at a concrete path:
//   - negative array indices count from the end (`/list/-1` is the last element);
//   - `replace` of a missing object key adds it; `copy` from a missing object key copies null;
//   - `add`/`replace` without `value` write null; `test` of a missing or null value against null passes;
//   - the root can only be replaced (by an object or array) or tested.
// Errors: an undecodable patch → 400 with Go's decoding message; more than 10000 operations → 413;
// any operation that cannot be applied → 422 without detail (the apiserver drops the cause).
import jsonPatchLib from 'fast-json-patch';
import { errors } from '../status.js';
import { goJsonTypeWord } from './go-print.js';

const MAX_OPERATIONS = 10000;

type JsonMap = Record<string, unknown>;
type Operation = JsonMap | null;

/** An operation that cannot be applied; reported as the apiserver's detail-less 422. */
class NotApplicable extends Error {}

const isMap = (value: unknown): value is JsonMap => typeof value === 'object' && value !== null && !Array.isArray(value);

export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const operations = decodePatch(patch);
  if (operations.length > MAX_OPERATIONS) {
    throw errors.requestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${operations.length}`);
  }
  let document = structuredClone(doc);
  try {
    for (const operation of operations) document = applyOperation(document, operation);
  } catch (e) {
    if (e instanceof NotApplicable || e instanceof jsonPatchLib.JsonPatchError || isPrototypeRefusal(e)) throw errors.unprocessableEntity();
    throw e;
  }
  return document;
}

/** fast-json-patch refuses to write `__proto__` (a TypeError); for us that key cannot be patched either. */
const isPrototypeRefusal = (e: unknown) => e instanceof TypeError && e.message.startsWith('JSON-Patch:');

/** jsonpatch.DecodePatch: an array of objects (or nulls); `null` is an empty patch. */
function decodePatch(patch: unknown): Operation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) {
    throw errors.badRequest(`json: cannot unmarshal ${goJsonTypeWord(patch)} into Go value of type jsonpatch.Patch`);
  }
  const bad = patch.find((op) => op !== null && !isMap(op));
  if (bad !== undefined) {
    throw errors.badRequest(`json: cannot unmarshal ${goJsonTypeWord(bad)} into Go value of type jsonpatch.Operation`);
  }
  return patch as Operation[];
}

function applyOperation(document: unknown, operation: Operation): unknown {
  const op = operation ?? {};
  switch (typeof op.op === 'string' ? op.op : 'unknown') {
    case 'add': {
      const { parent, key } = locate(document, pathOf(op, 'path'));
      return insert(document, parent, key, valueOf(op));
    }
    case 'remove': {
      const { parent, key } = locate(document, pathOf(op, 'path'));
      return perform(document, { op: 'remove', path: childPointer(parent, removableKey(parent, key)) });
    }
    case 'replace': return replace(document, op);
    case 'move': {
      const from = locate(document, pathOf(op, 'from'));
      const value = read(from.parent, from.key);
      const moved = perform(document, { op: 'remove', path: childPointer(from.parent, removableKey(from.parent, from.key)) });
      const to = locate(moved, pathOf(op, 'path'));
      return insert(moved, to.parent, to.key, value ?? null);
    }
    case 'copy': {
      const value = structuredClone(readAt(document, pathOf(op, 'from')) ?? null);
      const to = locate(document, pathOf(op, 'path'));
      return insert(document, to.parent, to.key, value);
    }
    case 'test': {
      test(document, op);
      return document;
    }
    default:
      throw new NotApplicable();
  }
}

function pathOf(op: JsonMap, field: 'path' | 'from'): string {
  const path = op[field];
  if (typeof path !== 'string') throw new NotApplicable();
  return path;
}

/** A copy of the operation's value (the patch stays untouched); a missing `value` is written as null, as v4 does. */
const valueOf = (op: JsonMap): unknown => (Object.hasOwn(op, 'value') ? structuredClone(op.value) : null);

interface Container { value: JsonMap | unknown[]; pointer: string }
interface Location { parent: Container; key: string }

const decodeToken = (token: string) => token.replace(/~1|~0/g, (m) => (m === '~1' ? '/' : '~'));
const childPointer = (parent: Container, key: string | number) =>
  `${parent.pointer}/${jsonPatchLib.escapePathComponent(String(key))}`;

/** The container a path points into and the last (decoded) token; every step before it must exist. */
function locate(document: unknown, path: string): Location {
  const tokens = path.split('/');
  if (tokens.length < 2) throw new NotApplicable();
  let parent = containerOf(document, '');
  for (const token of tokens.slice(1, -1)) {
    const key = decodeToken(token);
    const concrete = Array.isArray(parent.value) ? existingIndex(parent.value, key) : key;
    parent = containerOf(read(parent, String(concrete)), childPointer(parent, concrete));
  }
  return { parent, key: decodeToken(tokens[tokens.length - 1]!) };
}

function containerOf(value: unknown, pointer: string): Container {
  if (Array.isArray(value) || isMap(value)) return { value, pointer };
  throw new NotApplicable();
}

/** The value at `key`; undefined for a missing object key. Array indices must exist. */
function read(parent: Container, key: string): unknown {
  const { value } = parent;
  if (Array.isArray(value)) return value[existingIndex(value, key)];
  return Object.hasOwn(value, key) ? value[key] : undefined;
}

function readAt(document: unknown, path: string): unknown {
  const { parent, key } = locate(document, path);
  return read(parent, key);
}

/** The concrete key of an element that must exist (remove, move). */
function removableKey(parent: Container, key: string): string | number {
  const { value } = parent;
  if (Array.isArray(value)) return existingIndex(value, key);
  if (!Object.hasOwn(value, key)) throw new NotApplicable();
  return key;
}

/** Go's strconv.Atoi. */
function goAtoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new NotApplicable();
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new NotApplicable();
  return n;
}

/** An existing array index; negative ones count from the end (v4 SupportNegativeIndices). */
function existingIndex(list: unknown[], key: string): number {
  const index = goAtoi(key);
  const resolved = index < 0 ? index + list.length : index;
  if (resolved < 0 || resolved >= list.length) throw new NotApplicable();
  return resolved;
}

function insert(document: unknown, parent: Container, key: string, value: unknown): unknown {
  if (!Array.isArray(parent.value) || key === '-') {
    return perform(document, { op: 'add', path: childPointer(parent, key), value });
  }
  const slots = parent.value.length + 1;
  let index = goAtoi(key);
  if (index >= slots || index < -slots) throw new NotApplicable();
  if (index < 0) index += slots;
  return perform(document, { op: 'add', path: childPointer(parent, index), value });
}

function replace(document: unknown, op: JsonMap): unknown {
  const path = pathOf(op, 'path');
  const value = valueOf(op);
  if (path === '') {
    if (!isMap(value) && !Array.isArray(value)) throw new NotApplicable();
    return structuredClone(value);
  }
  const { parent, key } = locate(document, path);
  // v4 looks the key up first; for objects a missing key is no error, so replace adds it.
  const concrete = Array.isArray(parent.value) ? existingIndex(parent.value, key) : key;
  return perform(document, { op: Object.hasOwn(parent.value, concrete) ? 'replace' : 'add', path: childPointer(parent, concrete), value });
}

function test(document: unknown, op: JsonMap): void {
  const hasValue = Object.hasOwn(op, 'value');
  const path = pathOf(op, 'path');
  const actual = path === '' ? document : readAt(document, path);
  if (actual === undefined || actual === null) {
    if (hasValue && op.value === null) return;
    throw new NotApplicable();
  }
  if (!hasValue || !jsonPatchLib._areEquals(actual, op.value)) throw new NotApplicable();
}

type ConcreteOperation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

function perform(document: unknown, operation: ConcreteOperation): unknown {
  return jsonPatchLib.applyOperation(document, operation, false, true).newDocument;
}
