// A set of field paths (structured-merge-diff's fieldpath.Set) and its FieldsV1 encoding, the
// trie stored in metadata.managedFields[].fieldsV1: `f:<field>`, `k:{"name":"x"}` for keyed list
// items, `v:<json>` for set items, `i:<n>` for indexes, and `".": {}` when a node that has
// children is itself in the set.
import type { TSchema } from '@sinclair/typebox';
import {
  comparePathElements, fieldElement, isJsonObject, parsePathElement, pathElementText, serializePathElement,
  type PathElement,
} from './path-element.js';
import { childSchema, isDeclaredField, listItemElement, shapeOf, type Schema } from './schema-shape.js';

export type FieldPath = PathElement[];

interface ChildNode { pe: PathElement; set: FieldSet }

export class FieldSet {
  private readonly memberMap = new Map<string, PathElement>();
  private readonly childMap = new Map<string, ChildNode>();

  static of(...paths: FieldPath[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds a path (in place; sets built by walkers only). */
  insert(path: FieldPath): this {
    if (path.length === 1) this.memberMap.set(serializePathElement(path[0]), path[0]);
    else if (path.length > 1) this.descend(path[0]).insert(path.slice(1));
    return this;
  }

  private descend(pe: PathElement): FieldSet {
    const key = serializePathElement(pe);
    let child = this.childMap.get(key);
    if (!child) {
      child = { pe, set: new FieldSet() };
      this.childMap.set(key, child);
    }
    return child.set;
  }

  private addChild(pe: PathElement, set: FieldSet): void {
    if (!set.isEmpty()) this.childMap.set(serializePathElement(pe), { pe, set });
  }

  isEmpty(): boolean {
    if (this.memberMap.size > 0) return false;
    for (const child of this.childMap.values()) if (!child.set.isEmpty()) return false;
    return true;
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    const key = serializePathElement(path[0]);
    if (path.length === 1) return this.memberMap.has(key);
    return this.childMap.get(key)?.set.has(path.slice(1)) ?? false;
  }

  hasMember(pe: PathElement): boolean { return this.memberMap.has(serializePathElement(pe)); }

  /** The subset below one element (empty if none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.childMap.get(serializePathElement(pe))?.set ?? new FieldSet();
  }

  /** Members, in structured-merge-diff's order. */
  members(): PathElement[] {
    return [...this.memberMap.values()].sort(comparePathElements);
  }

  /** Child subtrees, in structured-merge-diff's order. */
  children(): ChildNode[] {
    return [...this.childMap.values()].filter((c) => !c.set.isEmpty()).sort((a, b) => comparePathElements(a.pe, b.pe));
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) out.memberMap.set(k, pe);
    for (const [k, pe] of other.memberMap) out.memberMap.set(k, pe);
    for (const [k, child] of this.childMap) {
      const theirs = other.childMap.get(k);
      out.addChild(child.pe, theirs ? child.set.union(theirs.set) : child.set);
    }
    for (const [k, child] of other.childMap) if (!this.childMap.has(k)) out.addChild(child.pe, child.set);
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) if (other.memberMap.has(k)) out.memberMap.set(k, pe);
    for (const [k, child] of this.childMap) {
      const theirs = other.childMap.get(k);
      if (theirs) out.addChild(child.pe, child.set.intersection(theirs.set));
    }
    return out;
  }

  /** Paths in this set and not in `other`; a member of `other` does not remove this set's paths below it. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) if (!other.memberMap.has(k)) out.memberMap.set(k, pe);
    for (const [k, child] of this.childMap) {
      const theirs = other.childMap.get(k);
      out.addChild(child.pe, theirs ? child.set.difference(theirs.set) : child.set);
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.memberMap) if (!other.memberMap.has(k)) out.memberMap.set(k, pe);
    for (const [k, child] of this.childMap) {
      if (other.memberMap.has(k)) continue;
      const theirs = other.childMap.get(k);
      out.addChild(child.pe, theirs ? child.set.recursiveDifference(theirs.set) : child.set);
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }

  /** Every path, members of a node before its subtrees (structured-merge-diff's Iterate order). */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (set: FieldSet, prefix: FieldPath) => {
      for (const pe of set.members()) out.push([...prefix, pe]);
      for (const child of set.children()) walk(child.set, [...prefix, child.pe]);
    };
    walk(this, []);
    return out;
  }

  /** The FieldsV1 trie, keys in the order Kubernetes writes them. */
  toFieldsV1(): Record<string, unknown> {
    return this.encode(false);
  }

  private encode(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const members = this.members();
    const children = this.children();
    if (includeSelf && (members.length > 0 || children.length > 0)) out['.'] = {};
    let mi = 0;
    let ci = 0;
    while (mi < members.length || ci < children.length) {
      const c = mi >= members.length ? 1 : ci >= children.length ? -1 : comparePathElements(members[mi], children[ci].pe);
      if (c < 0) {
        out[serializePathElement(members[mi++])] = {};
      } else if (c > 0) {
        const child = children[ci++];
        out[serializePathElement(child.pe)] = child.set.encode(false);
      } else {
        const child = children[ci++];
        mi++;
        out[serializePathElement(child.pe)] = child.set.encode(true);
      }
    }
    return out;
  }

  /** Decodes FieldsV1; element types this version does not know are dropped, as Kubernetes does. */
  static fromFieldsV1(fields: unknown): FieldSet {
    return decodeNode(fields).children ?? new FieldSet();
  }
}

function decodeNode(node: unknown): { children: FieldSet | undefined; isMember: boolean } {
  if (!isJsonObject(node)) throw new Error(`expected an object in FieldsV1, got ${JSON.stringify(node)}`);
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, value] of Object.entries(node)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = parsePathElement(key);
    if (!pe) continue;
    const child = decodeNode(value);
    children ??= new FieldSet();
    if (child.isMember) children.insert([pe]);
    if (child.children && !child.children.isEmpty()) mergeSubtree(children, pe, child.children);
  }
  if (children === undefined) isMember = true;
  return { children, isMember };
}

function mergeSubtree(target: FieldSet, pe: PathElement, subtree: FieldSet): void {
  for (const path of subtree.paths()) target.insert([pe, ...path]);
}

/** The text of a path in conflict messages, e.g. `.data.key` or `.spec.containers[name="app"].image`. */
export const pathText = (path: FieldPath): string => path.map(pathElementText).join('');

/** Metadata and type fields Kubernetes never records as owned (its stripMeta manager). */
export const STRIPPED_FIELDS: FieldSet = FieldSet.of(
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
    'deletionGracePeriodSeconds', 'selfLink', 'managedFields', 'clusterName']
    .map((name) => [fieldElement('metadata'), fieldElement(name)]),
);

/**
 * Every field an object sets (structured-merge-diff's ToFieldSet): scalars and atomic values,
 * map entries, list items (as `k:`/`v:` members), and struct fields set to null or `{}`.
 */
export function toFieldSet(schema: Schema, value: unknown): FieldSet {
  const set = new FieldSet();
  collectFields(schema, value, [], set);
  return set;
}

function collectFields(schema: Schema, value: unknown, path: FieldPath, set: FieldSet): void {
  const shape = shapeOf(schema, value);
  if (shape.kind === 'scalar') {
    set.insert(path);
    return;
  }
  if (shape.atomic) {
    set.insert(path);
    return;
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return;
    const elements = value.map((item) => listItemElement(shape, item));
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const pe of elements) {
      const key = serializePathElement(pe);
      if (seen.has(key) && !duplicates.has(key)) {
        set.insert([...path, pe]);
        duplicates.add(key);
      }
      seen.add(key);
    }
    elements.forEach((pe, i) => {
      if (duplicates.has(serializePathElement(pe))) return;
      collectFields(shape.element, value[i], [...path, pe], set);
      set.insert([...path, pe]);
    });
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, fieldElement(key)];
    collectFields(childSchema(shape, key), child, childPath, set);
    if (child === null || (isJsonObject(child) && Object.keys(child).length === 0) || !isDeclaredField(shape, key)) {
      set.insert(childPath);
    }
  }
}

/**
 * The fields an object sets, as a manager would own them: toFieldSet without the metadata and
 * type fields Kubernetes strips (name, namespace, uid, resourceVersion, apiVersion, kind, ...).
 */
export function fieldSetOf(schema: TSchema, obj: unknown): FieldSet {
  return toFieldSet(schema, obj).difference(STRIPPED_FIELDS);
}

/**
 * Adds every declared struct field that has owned children as a member itself
 * (EnsureNamedFieldsAreMembers), so that pruning can drop a whole struct field.
 */
export function withNamedFieldsAsMembers(set: FieldSet, schema: Schema): FieldSet {
  const out = new FieldSet();
  const shape = schema === undefined ? undefined : shapeOf(schema, undefined);
  for (const pe of set.members()) out.insert([pe]);
  for (const child of set.children()) {
    let below: Schema;
    if (shape?.kind === 'map' && child.pe.kind === 'field') {
      if (isDeclaredField(shape, child.pe.name)) out.insert([child.pe]);
      below = childSchema(shape, child.pe.name);
    } else if (shape?.kind === 'list' && child.pe.kind === 'key') {
      below = shape.element;
    }
    mergeSubtree(out, child.pe, withNamedFieldsAsMembers(child.set, below));
  }
  return out;
}
