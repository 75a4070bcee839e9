// Which fields differ between two versions of an object (structured-merge-diff's
// TypedValue.Compare): leaves that were added, modified or removed, plus map, struct and list-item
// nodes that appear or disappear as a whole. Atomic values and empty containers are leaves.
import { FieldSet, pathText, type FieldPath } from './field-set.js';
import { fieldElement, isJsonObject, serializePathElement, type JsonValue, type PathElement } from './path-element.js';
import {
  childSchema, listItemElement, ListItemError, shapeOf, zeroPresentValue,
  type ListShape, type MapShape, type Schema, type Shape,
} from './schema-shape.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** An object that cannot be read against its schema (e.g. a keyed list item without its key). */
export class TypedValueError extends Error {}

/** value.Equals: maps compare without order, lists in order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Compares `lhs` (before) and `rhs` (after) under `schema`; both are whole objects. */
export function compareObjects(schema: Schema, lhs: unknown, rhs: unknown): Comparison {
  const comparison: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  new Comparer(comparison).compare(schema, [], lhs, rhs, false, true);
  return comparison;
}

/** Drops the given subtrees from every part of a comparison (fields the endpoint resets). */
export function excludeFromComparison(c: Comparison, exclude: FieldSet | undefined): Comparison {
  if (!exclude || exclude.isEmpty()) return c;
  return {
    added: c.added.recursiveDifference(exclude),
    modified: c.modified.recursiveDifference(exclude),
    removed: c.removed.recursiveDifference(exclude),
  };
}

interface LeafState { inLeaf: boolean }

class Comparer {
  constructor(private readonly out: Comparison) {}

  compare(schema: Schema, path: FieldPath, lhs: unknown, rhs: unknown, inLeaf: boolean, isRoot: boolean): void {
    // A key present with an undefined value (in-process callers) is a field that is not set.
    if (lhs === undefined && rhs === undefined) return;
    const lShape = lhs === undefined ? undefined : shapeOf(schema, lhs);
    const rShape = rhs === undefined ? undefined : shapeOf(schema, rhs);
    const l = lShape ? withGoZeroFields(lShape, lhs, isRoot) : undefined;
    const r = rShape ? withGoZeroFields(rShape, rhs, isRoot) : undefined;
    const state: LeafState = { inLeaf };
    if (r === undefined) this.handle(lShape!, path, l, r, state);
    else if (l === undefined || lShape!.kind === rShape!.kind) this.handle(rShape!, path, l, r, state);
    else {
      this.handle(lShape!, path, l, r, { inLeaf });
      this.handle(rShape!, path, l, r, state);
    }
    if (!state.inLeaf) {
      if (l === undefined) this.out.added.insert(path);
      else if (r === undefined) this.out.removed.insert(path);
    }
  }

  private handle(shape: Shape, path: FieldPath, l: unknown, r: unknown, state: LeafState): void {
    if (shape.kind === 'scalar') this.leaf(path, l, r, state);
    else if (shape.kind === 'list') this.list(shape, path, l, r, state);
    else this.map(shape, path, l, r, state);
  }

  private leaf(path: FieldPath, l: unknown, r: unknown, state: LeafState): void {
    if (state.inLeaf) return;
    state.inLeaf = true;
    if (l === undefined) this.out.added.insert(path);
    else if (r === undefined) this.out.removed.insert(path);
    else if (!deepEqual(l, r)) this.out.modified.insert(path);
  }

  private map(shape: MapShape, path: FieldPath, l: unknown, r: unknown, state: LeafState): void {
    const lMap = isJsonObject(l) ? l : undefined;
    const rMap = isJsonObject(r) ? r : undefined;
    const isEmpty = (m: object | undefined) => m === undefined || Object.keys(m).length === 0;
    if (shape.atomic || (isEmpty(lMap) && isEmpty(rMap))) {
      this.leaf(path, l, r, state);
      return;
    }
    const keys = new Set([...Object.keys(lMap ?? {}), ...Object.keys(rMap ?? {})]);
    for (const key of keys) {
      const lChild = lMap && Object.hasOwn(lMap, key) ? lMap[key] : undefined;
      const rChild = rMap && Object.hasOwn(rMap, key) ? rMap[key] : undefined;
      this.compare(childSchema(shape, key), [...path, fieldElement(key)], lChild, rChild, state.inLeaf, false);
    }
  }

  private list(shape: ListShape, path: FieldPath, l: unknown, r: unknown, state: LeafState): void {
    const lList = Array.isArray(l) ? l : undefined;
    const rList = Array.isArray(r) ? r : undefined;
    if (shape.atomic || ((lList?.length ?? 0) === 0 && (rList?.length ?? 0) === 0)) {
      this.leaf(path, l, r, state);
      return;
    }
    const order = new Map<string, PathElement>();
    const lItems = groupItems(shape, path, lList ?? [], order);
    const rItems = groupItems(shape, path, rList ?? [], order);
    for (const [key, pe] of order) {
      const ls = lItems.get(key) ?? [];
      const rs = rItems.get(key) ?? [];
      const itemPath = [...path, pe];
      if (ls.length <= 1 && rs.length <= 1) {
        this.compare(shape.element, itemPath, ls[0], rs[0], state.inLeaf, false);
      } else if (ls.length >= 2 && rs.length >= 2) {
        // Duplicates on both sides are compared as one atomic value.
        if (!deepEqual(ls, rs)) this.out.modified.insert(itemPath);
      } else if (ls.length >= 2) {
        if (rs.length) this.compare(shape.element, itemPath, undefined, rs[0], state.inLeaf, false);
        this.out.removed.insert(itemPath);
      } else {
        if (ls.length) this.compare(shape.element, itemPath, ls[0], undefined, state.inLeaf, false);
        this.out.added.insert(itemPath);
      }
    }
  }
}

/** Groups list items by path element; `order` collects each element once, first-seen first. */
function groupItems(shape: ListShape, path: FieldPath, items: unknown[], order: Map<string, PathElement>): Map<string, unknown[]> {
  const byKey = new Map<string, unknown[]>();
  items.forEach((item, i) => {
    const pe = elementOf(shape, path, item, i);
    const key = serializePathElement(pe);
    const group = byKey.get(key);
    if (group) group.push(item);
    else byKey.set(key, [item]);
    if (!order.has(key)) order.set(key, pe);
  });
  return byKey;
}

/** The path element of a list item, or a TypedValueError naming where the item is. */
export function elementOf(shape: ListShape, path: FieldPath, item: unknown, index: number): PathElement {
  try {
    return listItemElement(shape, item);
  } catch (e) {
    if (e instanceof ListItemError) throw new TypedValueError(`${pathText(path)}: element ${index}: ${e.message}`);
    throw e;
  }
}

/** A struct as a decoded Go object holds it: fields Go always carries are present (see zeroPresentValue). */
function withGoZeroFields(shape: Shape, value: unknown, isRoot: boolean): unknown {
  if (shape.kind !== 'map' || !shape.fields || !isJsonObject(value)) return value;
  let out: Record<string, JsonValue> | undefined;
  for (const field of Object.keys(shape.fields)) {
    if (Object.hasOwn(value, field)) continue;
    const zero = zeroPresentValue(shape, field, isRoot);
    if (zero === undefined) continue;
    out ??= { ...value };
    out[field] = zero;
  }
  return out ?? value;
}
