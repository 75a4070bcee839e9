// Strategic merge patch, Kubernetes' own patch format, as the apiserver applies it
// (apimachinery pkg/util/strategicpatch, server mode: parallel lists merged, unmatched nulls
// dropped). Kubernetes-specific, hence hand-written; no library implements it.
//
// Maps merge key by key (`null` deletes). Lists replace, unless the field's schema says
// `x-kubernetes-patch-strategy: merge`: lists of objects then merge element by element on
// `x-kubernetes-patch-merge-key`, lists of scalars merge as sets. Directives:
//   `$patch: replace | delete` in a map, `$patch: replace | delete` as a list item,
//   `$retainKeys: [...]` (clears the other keys of the map), `$setElementOrder/<list>: [...]`,
//   `$deleteFromPrimitiveList/<list>: [...]`.
// Whatever the patch contributes verbatim (new keys, new list items, replaced lists and maps)
// is stored without its directives and null members, so no `$` key reaches the result.
// Errors carry the apiserver's codes (handlers/patch.go interpretStrategicMergePatchError):
// malformed directives 400, lists of lists 422 without detail, everything else 500 with the
// library's message and no reason.
import type { TSchema } from '@sinclair/typebox';
import { SchemaCursor } from '../schema-fields.js';
import { errors } from '../status.js';
import { goJsonTypeWord, goSprint, goTypeName } from './go-print.js';

type JsonMap = Record<string, unknown>;
type ElementKind = 'map' | 'scalar';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const MAP_TYPE = 'map[string]interface {}';
const SLICE_TYPE = '[]interface {}';

const isMap = (value: unknown): value is JsonMap => typeof value === 'object' && value !== null && !Array.isArray(value);
const has = (map: JsonMap, key: string) => Object.hasOwn(map, key);
/** Sets an own property, even one named `__proto__` (a plain key in JSON). */
const put = (map: JsonMap, key: string, value: unknown) =>
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });

const fail = {
  badJsonPatch: (patch: unknown) => errors.badRequest(`json: cannot unmarshal ${goJsonTypeWord(patch)} into Go value of type ${MAP_TYPE}`),
  badPrimitiveListFormat: () => errors.badRequest('invalid patch format of primitive list'),
  badRetainKeysFormat: () => errors.badRequest('invalid patch format of retainKeys'),
  badSetElementOrderFormat: () => errors.badRequest('invalid patch format of setElementOrder list'),
  listOfLists: () => errors.unprocessableEntity(),
  noMergeKey: (map: JsonMap, key: string) => errors.unknown(`map: ${goSprint(map)} does not contain declared merge key: ${key}`),
  badArgType: (expected: string, actual: unknown) => errors.unknown(`expected a ${expected}, but received a ${goTypeName(actual)}`),
  badPatchType: (directive: unknown, map: JsonMap) => errors.unknown(`unknown patch type: ${goSprint(directive, 's')} in map: ${goSprint(map)}`),
  notAMap: (index: number) => errors.unknown(`value for key ${index} is not a map`),
  other: (message: string) => errors.unknown(message),
};

export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: TSchema): unknown {
  if (patch === null) return structuredClone(doc);
  if (!isMap(patch)) throw fail.badJsonPatch(patch);
  const original = isMap(doc) ? structuredClone(doc) : {};
  return mergeMap(original, structuredClone(patch), SchemaCursor.of(schema));
}

/** Merges `patch` into `original` (both owned: they are modified). */
function mergeMap(original: JsonMap, patch: JsonMap, schema: SchemaCursor): JsonMap {
  if (has(patch, PATCH)) return mapDirective(patch[PATCH], patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    if (isDeleteList) key = directiveTarget(patchKey, DELETE_FROM_PRIMITIVE_LIST, fail.badPrimitiveListFormat);

    if (patchValue === null) {
      delete original[key];
      continue;
    }
    if (!has(original, key) || goTypeName(original[key]) !== goTypeName(patchValue)) {
      if (!isDeleteList) setVerbatim(original, key, patchValue);
      continue;
    }
    const current = original[key];
    const field = fieldMeta(schema, key);
    if (isMap(current)) {
      put(original, key, field.strategy === 'replace' ? materialize(patchValue) : mergeMap(current, patchValue as JsonMap, field.schema));
    } else if (Array.isArray(current)) {
      put(original, key, mergeListField(current, patchValue as unknown[], field, isDeleteList));
    } else {
      put(original, key, patchValue);
    }
  }
  return original;
}

/** `$patch` in a map: replace it by the rest of the patch, or delete its contents. */
function mapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[PATCH];
    return materialize(patch) as JsonMap;
  }
  if (directive === 'delete') return {};
  throw fail.badPatchType(directive, patch);
}

/** `$retainKeys`: every key of the original not listed is cleared; the patch may only set listed keys. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const retained = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retained)) throw fail.badRetainKeysFormat();
  const keep = new Set(retained);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(key)) throw fail.badRetainKeysFormat();
  }
  for (const key of Object.keys(original)) {
    if (!keep.has(key)) delete original[key];
  }
}

/** The list a `$setElementOrder/<list>` or `$deleteFromPrimitiveList/<list>` key names. */
function directiveTarget(key: string, prefix: string, malformed: () => Error): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw malformed();
  return key.slice(slash + 1);
}

interface FieldMeta { schema: SchemaCursor; mergeKey: string; strategy: string }

/** The field's schema, merge key and strategy (`retainKeys` only marks the field; it needs no action here). */
function fieldMeta(schema: SchemaCursor, key: string): FieldMeta {
  const cursor = schema.field(key) ?? SchemaCursor.open();
  const { mergeKey, strategies } = cursor.patchMeta();
  return { schema: cursor, mergeKey, strategy: withoutRetainKeys(strategies) };
}

function withoutRetainKeys(strategies: string[]): string {
  if (strategies.length === 0) return '';
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : strategies[0]!;
  if (strategies.length === 2 && strategies[0] === 'retainKeys') return strategies[1]!;
  if (strategies.length === 2 && strategies[1] === 'retainKeys') return strategies[0]!;
  throw fail.other(`unexpected patch strategy: ${goSprint(strategies)}`);
}

/** The element schema a list field's items merge with. */
const itemSchema = (field: FieldMeta) => field.schema.items() ?? SchemaCursor.open();

function mergeListField(original: unknown[], patch: unknown[], field: FieldMeta, isDeleteList: boolean): unknown[] {
  if (field.strategy === 'merge' || isDeleteList) return mergeList(original, patch, itemSchema(field), field.mergeKey, isDeleteList);
  return materialize(patch) as unknown[];
}

function mergeList(original: unknown[], patch: unknown[], items: SchemaCursor, mergeKey: string, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind([original, patch]);
  if (kind === 'scalar') {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    const merged = [...new Set([...original, ...patch])];
    return orderMerged(merged, patch, original, mergeKey, () => kind);
  }
  if (!mergeKey) throw fail.other('cannot merge lists without merge key for struct');
  const { base, plain } = applyListItemDirectives(original as JsonMap[], patch as JsonMap[], mergeKey);
  const merged = mergeByKey(base, plain, mergeKey, items);
  return orderMerged(merged, plain, base, mergeKey, () => kind);
}

/** Items named in `order` follow it; the others keep their place from `serverOrder`. */
function orderMerged(merged: unknown[], order: unknown[], serverOrder: unknown[], mergeKey: string, kindOf: () => ElementKind): unknown[] {
  const { inList, notInList } = mergeKey ? partitionMaps(merged, order, mergeKey) : partitionScalars(merged, order);
  return normalizeElementOrder(inList, notInList, order, serverOrder, mergeKey, kindOf());
}

/** List items carrying `$patch`: delete removes every element with that key; replace drops the original. */
function applyListItemDirectives(original: JsonMap[], patch: JsonMap[], mergeKey: string): { base: JsonMap[]; plain: JsonMap[] } {
  let base = original;
  const plain: JsonMap[] = [];
  let replace = false;
  for (const item of patch) {
    if (!has(item, PATCH)) {
      plain.push(item);
      continue;
    }
    const directive = item[PATCH];
    if (directive === 'delete') {
      if (!has(item, mergeKey)) throw fail.noMergeKey(item, mergeKey);
      base = base.filter((element) => !(has(element, mergeKey) && element[mergeKey] === item[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw fail.other('merging lists cannot yet be specified in the patch');
    } else {
      throw fail.badPatchType(directive, item);
    }
  }
  if (replace) return { base: plain.map((item) => materialize(item) as JsonMap), plain: [] };
  return { base, plain };
}

/** Patch items merge into the original element with the same key, or are appended. */
function mergeByKey(base: JsonMap[], patch: JsonMap[], mergeKey: string, items: SchemaCursor): JsonMap[] {
  const merged = [...base];
  for (const item of patch) {
    if (!has(item, mergeKey)) throw fail.noMergeKey(item, mergeKey);
    const at = findByKey(merged, mergeKey, item[mergeKey]);
    if (at >= 0) merged[at] = mergeMap(merged[at]!, item, items);
    else merged.push(materialize(item) as JsonMap);
  }
  return merged;
}

/** findMapInSliceBasedOnKeyValue: the first map whose merge key has `value`. */
function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const element = list[i];
    if (!isMap(element)) throw fail.notAMap(i);
    if (has(element, mergeKey) && element[mergeKey] === value) return i;
  }
  return -1;
}

/** `$setElementOrder/<list>`: merges that list (if patched) and orders it as listed, server-only items kept in place. */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: SchemaCursor): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw fail.badArgType(SLICE_TYPE, order);
    const key = directiveTarget(directiveKey, SET_ELEMENT_ORDER, fail.badSetElementOrderFormat);
    const foundOriginal = has(original, key);
    const foundPatch = has(patch, key);
    const originalList = foundOriginal ? asList(original[key]) : [];
    const patchList = foundPatch ? asList(patch[key]) : [];
    const field = fieldMeta(schema, key);
    validateOrder(patchList, order, field.mergeKey);

    let merged: unknown[];
    if (foundOriginal && foundPatch) merged = mergeListField(originalList, patchList, field, false);
    else if (foundOriginal) merged = originalList;
    else if (foundPatch) merged = materialize(patchList) as unknown[];
    else continue;

    put(original, key, orderMerged(merged, order, originalList, field.mergeKey, () => elementKind([originalList, patchList])));
    delete patch[key];
  }
}

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw fail.badArgType(SLICE_TYPE, value);
  return value;
}

/** The patch list must follow the relative order of `$setElementOrder` (deletions and directive items aside). */
function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeletions(patchList).kept : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isMap(item) && has(item, PATCH)) {
      p++;
      continue;
    }
    if (sameMergeKey(item, order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw fail.other(`The order in patch list:\n${goSprint(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goSprint(order)}\n`);
  }
}

function sameMergeKey(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isMap(left)) throw fail.badArgType(MAP_TYPE, left);
  if (!isMap(right)) throw fail.badArgType(MAP_TYPE, right);
  if (!has(left, mergeKey)) throw fail.noMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw fail.noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** Items with `$patch: delete` apart from the rest; every item must be a map. */
function splitDeletions(list: unknown[]): { kept: unknown[]; deletions: unknown[] } {
  const kept: unknown[] = [];
  const deletions: unknown[] = [];
  for (const item of list) {
    if (!isMap(item)) throw fail.badArgType(MAP_TYPE, item);
    (item[PATCH] === 'delete' ? deletions : kept).push(item);
  }
  return { kept, deletions };
}

/** The one element type of the given lists: maps or scalars; lists of lists and mixed lists fail. */
function elementKind(lists: unknown[][]): ElementKind {
  let first: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const type = goTypeName(item);
      if (first === undefined) {
        first = type;
        if (type === SLICE_TYPE) throw fail.listOfLists();
      } else if (type !== first) {
        throw fail.other(`list element types are not identical: ${goSprint(lists)}`);
      }
    }
  }
  if (first === undefined) throw fail.other('no elements in any of the given slices');
  return first === MAP_TYPE ? 'map' : 'scalar';
}

function partitionScalars(list: unknown[], by: unknown[]): { inList: unknown[]; notInList: unknown[] } {
  const wanted = new Set(by);
  return { inList: list.filter((v) => wanted.has(v)), notInList: list.filter((v) => !wanted.has(v)) };
}

function partitionMaps(list: unknown[], by: unknown[], mergeKey: string): { inList: unknown[]; notInList: unknown[] } {
  const inList: unknown[] = [];
  const notInList: unknown[] = [];
  for (const item of list) {
    if (!isMap(item)) throw fail.badArgType(MAP_TYPE, item);
    if (!has(item, mergeKey)) throw fail.noMergeKey(item, mergeKey);
    (findByKey(by, mergeKey, item[mergeKey]) >= 0 ? inList : notInList).push(item);
  }
  return { inList, notInList };
}

/**
 * Orders `patchItems` as `patchOrder` and `serverOnly` as `serverOrder`, then interleaves them:
 * a server-only item goes before a patch item only when the server order puts it first.
 */
function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const sortedPatch = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < sortedServer.length || j < sortedPatch.length) {
    if (j >= sortedPatch.length) {
      result.push(sortedServer[i++]);
    } else if (i >= sortedServer.length) {
      result.push(sortedPatch[j++]);
    } else {
      const left = indexIn(serverOrder, sortedServer[i], mergeKey, kind);
      const right = indexIn(serverOrder, sortedPatch[j], mergeKey, kind);
      if (left >= 0 && right >= 0 && left < right) result.push(sortedServer[i++]);
      else result.push(sortedPatch[j++]);
    }
  }
  return result;
}

/** A stable sort by position in `order`; `$patch: delete` items last. */
function sortByOrder(list: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let items = list;
  let deletions: unknown[] = [];
  if (kind === 'map') {
    for (const item of [...list, ...order]) {
      if (!isMap(item)) throw fail.badArgType(MAP_TYPE, item);
      if (!has(item, mergeKey)) throw fail.noMergeKey(item, mergeKey);
    }
    ({ kept: items, deletions } = splitDeletions(list));
  }
  const position = (item: unknown) => indexIn(order, item, mergeKey, kind);
  const sorted = [...items].sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    return pa >= 0 && pb >= 0 ? pa - pb : 0;
  });
  return [...sorted, ...deletions];
}

/** Position of `item` in `list`: maps compare by merge key, scalars by value. */
function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const valueOf = (v: unknown) => (kind === 'map' ? (isMap(v) ? v[mergeKey] : undefined) : v);
  const wanted = valueOf(item);
  return list.findIndex((v) => valueOf(v) === wanted);
}

function setVerbatim(target: JsonMap, key: string, value: unknown): void {
  const stored = materialize(value);
  if (stored === undefined) delete target[key];
  else put(target, key, stored);
}

const isDirectiveKey = (key: string) =>
  key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);

/**
 * A patch value stored as is: maps with `$patch` are dropped (undefined), other directive keys
 * and null members removed, recursively (Kubernetes' removeDirectives and discardNullValuesFromPatch).
 */
function materialize(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const stored = materialize(item);
      return stored === undefined ? [] : [stored];
    });
  }
  if (!isMap(value)) return value;
  if (has(value, PATCH)) return undefined;
  const result: JsonMap = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || isDirectiveKey(key)) continue;
    const stored = materialize(member);
    if (stored !== undefined) put(result, key, stored);
  }
  return result;
}
