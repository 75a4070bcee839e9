// Server-side apply's structural merge (structured-merge-diff's TypedValue.Merge): the applied
// configuration is laid over the live object, maps merge per key, keyed lists and sets merge per
// item (keeping a stable order), atomic values are replaced. Also RemoveItems, which prunes the
// given paths out of an object.
import { FieldSet, pathText, type FieldPath } from './field-set.js';
import { fieldElement, isJsonObject, pathElementText, serializePathElement, type PathElement } from './path-element.js';
import { childSchema, shapeOf, type ListShape, type MapShape, type Schema, type Shape } from './schema-shape.js';
import { elementOf, TypedValueError } from './typed-compare.js';

interface LeafState { inLeaf: boolean }

/** `rhs` laid over `lhs`; undefined when both are absent. */
export function mergeObjects(schema: Schema, lhs: unknown, rhs: unknown): unknown {
  return merge(schema, [], lhs, rhs, false);
}

function merge(schema: Schema, path: FieldPath, l: unknown, r: unknown, inLeaf: boolean): unknown {
  const lShape = l === undefined ? undefined : shapeOf(schema, l);
  const rShape = r === undefined ? undefined : shapeOf(schema, r);
  const state: LeafState = { inLeaf };
  if (r === undefined) return handle(lShape!, path, l, r, state);
  if (l === undefined || lShape!.kind === rShape!.kind) return handle(rShape!, path, l, r, state);
  handle(lShape!, path, l, r, { inLeaf });
  return handle(rShape!, path, l, r, state);
}

function handle(shape: Shape, path: FieldPath, l: unknown, r: unknown, state: LeafState): unknown {
  if (shape.kind === 'scalar') return keepRight(l, r, state);
  if (shape.kind === 'list') return mergeList(shape, path, l, r, state);
  return mergeMap(shape, path, l, r, state);
}

function keepRight(l: unknown, r: unknown, state: LeafState): unknown {
  if (state.inLeaf) return undefined;
  state.inLeaf = true;
  return r !== undefined ? r : l;
}

function mergeMap(shape: MapShape, path: FieldPath, l: unknown, r: unknown, state: LeafState): unknown {
  const lMap = isJsonObject(l) ? l : undefined;
  const rMap = isJsonObject(r) ? r : undefined;
  const isEmpty = (m: object | undefined) => m === undefined || Object.keys(m).length === 0;
  if (shape.atomic || (isEmpty(lMap) && isEmpty(rMap))) return keepRight(l, r, state);
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(lMap ?? {}), ...Object.keys(rMap ?? {})])) {
    const lChild = lMap && Object.hasOwn(lMap, key) ? lMap[key] : undefined;
    const rChild = rMap && Object.hasOwn(rMap, key) ? rMap[key] : undefined;
    const merged = merge(childSchema(shape, key), [...path, fieldElement(key)], lChild, rChild, state.inLeaf);
    if (merged !== undefined) out[key] = merged;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function mergeList(shape: ListShape, path: FieldPath, l: unknown, r: unknown, state: LeafState): unknown {
  const lhs = Array.isArray(l) ? l : undefined;
  const rhs = Array.isArray(r) ? r : undefined;
  if (shape.atomic || ((lhs?.length ?? 0) === 0 && (rhs?.length ?? 0) === 0)) return keepRight(l, r, state);
  const right = indexItems(shape, path, rhs ?? [], false);
  const left = indexItems(shape, path, lhs ?? [], true);
  const itemPath = (pe: PathElement) => [...path, pe];
  const mergeItem = (pe: PathElement, lItem: unknown, rItem: unknown) =>
    merge(shape.element, itemPath(pe), lItem, rItem, state.inLeaf);

  // Items present on both sides keep the applied order; live-only items stay where they were.
  const sharedOrder = right.elements.filter((pe) => left.byKey.has(serializePathElement(pe)));
  let nextShared = sharedOrder.shift();
  const mergedRight = new Set<string>();
  const out: unknown[] = [];
  const push = (v: unknown) => { if (v !== undefined) out.push(v); };
  let lI = 0;
  let rI = 0;
  while (lI < left.elements.length || rI < right.elements.length) {
    if (lI < left.elements.length && rI < right.elements.length) {
      const key = serializePathElement(left.elements[lI]);
      if (key === serializePathElement(right.elements[rI])) {
        mergedRight.add(key);
        push(mergeItem(left.elements[lI], left.byKey.get(key), right.byKey.get(key)));
        lI++;
        rI++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (right.byKey.has(key) && nextShared !== undefined && serializePathElement(nextShared) !== key) {
        lI++;
        continue;
      }
    }
    if (lI < left.elements.length) {
      const pe = left.elements[lI];
      const key = serializePathElement(pe);
      if (!right.byKey.has(key)) {
        push(mergeItem(pe, lhs![lI], undefined));
        lI++;
        continue;
      } else if (mergedRight.has(key)) {
        lI++;
      }
    }
    if (rI < right.elements.length) {
      const pe = right.elements[rI];
      const key = serializePathElement(pe);
      mergedRight.add(key);
      push(mergeItem(pe, left.byKey.get(key), right.byKey.get(key)));
      rI++;
      if (nextShared !== undefined && serializePathElement(nextShared) === key) nextShared = sharedOrder.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}

/** Items by path element; live duplicates are kept but merge as null, applied duplicates are refused. */
function indexItems(shape: ListShape, path: FieldPath, items: unknown[], allowDuplicates: boolean) {
  const elements: PathElement[] = [];
  const byKey = new Map<string, unknown>();
  items.forEach((item, i) => {
    const pe = elementOf(shape, path, item, i);
    const key = serializePathElement(pe);
    if (byKey.has(key)) {
      if (!allowDuplicates) throw new TypedValueError(`${pathText(path)}: duplicate entries for key ${pathElementText(pe)}`);
      byKey.set(key, null);
    } else {
      byKey.set(key, item);
    }
    elements.push(pe);
  });
  return { elements, byKey };
}

/**
 * Checks what the apiserver checks when it reads an applied configuration against the schema:
 * keyed list items must carry their keys and no item may appear twice. Returns the error texts.
 */
export function appliedConfigErrors(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const walk = (s: Schema, path: FieldPath, v: unknown) => {
    const shape = shapeOf(s, v);
    if (shape.kind === 'scalar' || shape.atomic) return;
    if (shape.kind === 'map') {
      if (isJsonObject(v)) for (const [k, child] of Object.entries(v)) walk(childSchema(shape, k), [...path, fieldElement(k)], child);
      return;
    }
    if (!Array.isArray(v)) return;
    const seen = new Set<string>();
    v.forEach((item, i) => {
      let pe: PathElement;
      try {
        pe = elementOf(shape, path, item, i);
      } catch (e) {
        if (e instanceof TypedValueError) { errors.push(e.message); return; }
        throw e;
      }
      const key = serializePathElement(pe);
      if (seen.has(key)) errors.push(`${pathText(path)}: duplicate entries for key ${pathElementText(pe)}`);
      seen.add(key);
      walk(shape.element, [...path, pe], item);
    });
  };
  walk(schema, [], value);
  return errors;
}

/** `value` without the paths in `toRemove` (containers left empty by the removal disappear). */
export function removeItems(schema: Schema, value: unknown, toRemove: FieldSet): unknown {
  const shape = shapeOf(schema, value);
  if (shape.kind === 'scalar') return value;
  if (shape.kind === 'list') {
    if (!Array.isArray(value) || value.length === 0) return value;
    if (shape.atomic) return undefined;
    const items: unknown[] = [];
    value.forEach((item, i) => {
      const pe = elementOf(shape, [], item, i);
      if (toRemove.has([pe])) return;
      const below = toRemove.withPrefix(pe);
      const kept = below.isEmpty() ? item : removeItems(shape.element, item, below);
      if (kept !== undefined) items.push(kept);
    });
    return items.length > 0 ? items : undefined;
  }
  if (!isJsonObject(value) || Object.keys(value).length === 0) return value;
  if (shape.atomic) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const pe = fieldElement(key);
    if (toRemove.has([pe])) continue;
    const below = toRemove.withPrefix(pe);
    const kept = below.isEmpty() ? child : removeItems(childSchema(shape, key), child, below);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
