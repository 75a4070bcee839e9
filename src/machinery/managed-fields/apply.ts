// Server-side apply (application/apply-patch+yaml), as the apiserver's field manager and
// structured-merge-diff's Updater.Apply do it: the applied configuration is merged into the live
// object, fields this applier set last time but omits now are pruned unless someone else owns
// them, changing a field another manager owns is a conflict unless forced, and the applier's
// `Apply` entry records exactly the fields of its configuration.
import type { TSchema } from '@sinclair/typebox';
import type { KubeObject } from '../object.js';
import { errors, type StatusCause, type StatusError } from '../status.js';
import { FieldSet, pathText, STRIPPED_FIELDS, toFieldSet, withNamedFieldsAsMembers, type FieldPath } from './field-set.js';
import {
  capUpdateManagers, decodeManagedFields, encodeManagedFields, managerText, requestManagerId, type Managed,
} from './managers.js';
import { compareStrings, goJson, type JsonValue } from './path-element.js';
import { compareObjects, deepEqual, excludeFromComparison, TypedValueError } from './typed-compare.js';
import { appliedConfigErrors, mergeObjects, removeItems } from './typed-merge.js';
import { recordChanges, withoutManagedFields } from './update.js';

export interface ServerSideApplyOptions {
  schema: TSchema;
  /** The stored object; absent when the apply creates it. */
  live?: KubeObject;
  /** The applied configuration (the request body). */
  applied: KubeObject;
  manager: string;
  force: boolean;
  /** The request's group/version, e.g. `v1`. */
  apiVersion: string;
  /** RFC 3339 time of the request. */
  time: string;
  subresource?: string;
  /** Fields the endpoint resets and never records (e.g. status on the main resource). */
  resetFields?: FieldSet;
}

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** kubectl's own server-side apply manager, which upgrades from and keeps up client-side apply's annotation. */
const KUBECTL_MANAGER = 'kubectl';

/** The manager Kubernetes gives the existing fields of an untracked object on its first apply. */
const BEFORE_FIRST_APPLY = 'before-first-apply';

interface Conflict { managerId: string; path: FieldPath }

/**
 * Merges `applied` into `live` (or creates from it) and returns the object to store, with its
 * managedFields. Throws the apiserver's 409 Conflict on ownership conflicts when not forced.
 */
export function serverSideApply(opts: ServerSideApplyOptions): { object: KubeObject } {
  const managedFields = opts.applied.metadata?.managedFields;
  if (managedFields !== undefined && managedFields !== null) throw errors.badRequest('metadata.managedFields must be nil');
  const configErrors = appliedConfigErrors(opts.schema, opts.applied);
  if (configErrors.length > 0) {
    throw errors.unknown(`failed to create typed patch object (${objectDescription(opts.applied)}): ${validationText(configErrors)}`);
  }

  let outcome = applyOnce(opts, opts.force);
  if ('conflicts' in outcome && opts.manager === KUBECTL_MANAGER) {
    // kubectl moving from client-side apply may take the fields its last-applied annotation recorded.
    const allowed = fieldsFromLastApplied(opts);
    if (allowed) {
      const remaining = outcome.conflicts.filter((c) => !allowed.has(c.path));
      outcome = remaining.length === 0 ? applyOnce(opts, true) : { conflicts: remaining };
    }
  }
  if ('conflicts' in outcome) throw conflictError(outcome.conflicts);

  const object = structuredClone(outcome.object) as KubeObject;
  object.metadata ??= {};
  const entries = encodeManagedFields(outcome.managed);
  if (entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
  if (opts.manager === KUBECTL_MANAGER && object.metadata.annotations?.[LAST_APPLIED_ANNOTATION]) {
    object.metadata.annotations[LAST_APPLIED_ANNOTATION] = lastAppliedText(opts.applied);
  }
  return { object };
}

type Outcome = { object: unknown; managed: Managed } | { conflicts: Conflict[] };

function applyOnce(opts: ServerSideApplyOptions, force: boolean): Outcome {
  const { schema, apiVersion, time, resetFields } = opts;
  const live = withoutManagedFields(opts.live);
  let managed: Managed;
  try {
    managed = decodeManagedFields(opts.live?.metadata?.managedFields ?? []);
  } catch (e) {
    throw errors.unknown(`failed to decode managed fields: ${(e as Error).message}`);
  }
  try {
    if (managed.fields.size === 0) {
      // Untracked objects: whatever is there now belongs to "before-first-apply".
      const id = requestManagerId({ manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion, subresource: opts.subresource });
      recordChanges(managed, { schema, before: {}, after: live, managerId: id, apiVersion, time, resetFields });
      capUpdateManagers(managed);
    }

    const applierId = requestManagerId({ manager: opts.manager, operation: 'Apply', apiVersion, subresource: opts.subresource });
    const merged = mergeObjects(schema, live, opts.applied) ?? {};
    const lastSet = managed.fields.get(applierId)?.set;
    let configSet = toFieldSet(schema, opts.applied);
    if (resetFields) configSet = configSet.recursiveDifference(resetFields);
    managed.fields.set(applierId, { set: configSet, apiVersion, applied: true });
    const object = prune(schema, merged, managed, lastSet);

    const comparison = excludeFromComparison(compareObjects(schema, live, object), resetFields);
    const changed = comparison.modified.union(comparison.added);
    const conflicts: Conflict[] = [];
    for (const [id, fields] of managed.fields) {
      if (id === applierId) continue;
      for (const path of fields.set.intersection(changed).paths()) conflicts.push({ managerId: id, path });
    }
    if (!force && conflicts.length > 0) return { conflicts };
    for (const [id, fields] of managed.fields) {
      if (id === applierId) continue;
      const kept = fields.set.difference(changed).difference(comparison.removed);
      if (kept.isEmpty()) managed.fields.delete(id);
      else managed.fields.set(id, { ...fields, set: kept });
    }

    const owned = configSet.difference(STRIPPED_FIELDS);
    if (owned.isEmpty()) managed.fields.delete(applierId);
    else managed.fields.set(applierId, { set: owned, apiVersion, applied: true });
    // A no-op apply leaves the object and the applier's time alone.
    if (deepEqual(live, object)) return { object: opts.live ? live : object, managed };
    managed.times.set(applierId, time);
    return { object, managed };
  } catch (e) {
    if (e instanceof TypedValueError && opts.live) {
      throw errors.unknown(`failed to create typed live object (${objectDescription(opts.live)}): ${e.message}`);
    }
    throw e;
  }
}

/**
 * Removes what the applier set last time and no longer sets, unless another manager (or the
 * new configuration) owns it; fields nobody owned are left alone.
 */
function prune(schema: TSchema, merged: unknown, managed: Managed, lastSet: FieldSet | undefined): unknown {
  if (!lastSet || lastSet.isEmpty()) return merged;
  const named = (set: FieldSet) => withNamedFieldsAsMembers(set, schema);
  const fieldsOf = (value: unknown) => named(toFieldSet(schema, value));
  const remove = (set: FieldSet) => removeItems(schema, merged, set) ?? {};

  const withoutLast = remove(named(lastSet));
  let allOwned = new FieldSet();
  for (const fields of managed.fields.values()) allOwned = allOwned.union(fields.set);
  const mergedFields = fieldsOf(merged);
  const ownedKept = remove(mergedFields.difference(fieldsOf(withoutLast).union(named(allOwned))));
  return remove(mergedFields.difference(fieldsOf(ownedKept)).intersection(named(lastSet)));
}

/** The fields of the last client-side apply that still hold the recorded values. */
function fieldsFromLastApplied(opts: ServerSideApplyOptions): FieldSet | undefined {
  const text = opts.live?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  try {
    const lastApplied = JSON.parse(text) as Record<string, unknown>;
    if (lastApplied === null || typeof lastApplied !== 'object' || lastApplied.apiVersion !== opts.apiVersion) return undefined;
    if (appliedConfigErrors(opts.schema, lastApplied).length > 0) return undefined;
    const comparison = compareObjects(opts.schema, lastApplied, withoutManagedFields(opts.live));
    return toFieldSet(opts.schema, lastApplied)
      .difference(comparison.modified)
      .difference(comparison.added)
      .difference(comparison.removed);
  } catch {
    return undefined;
  }
}

/** What kubectl's annotation holds after a server-side apply by kubectl: the configuration, as Go encodes it. */
function lastAppliedText(applied: KubeObject): string {
  const config = structuredClone(applied) as KubeObject;
  if (config.metadata?.annotations) delete config.metadata.annotations[LAST_APPLIED_ANNOTATION];
  return goJson(config as unknown as JsonValue) + '\n';
}

function conflictError(conflicts: Conflict[]): StatusError {
  // Grouped by manager identity in byte order, as the message lists them (Kubernetes' own cause order is random).
  const ordered = [...conflicts].sort((a, b) => compareStrings(a.managerId, b.managerId));
  const causes: StatusCause[] = ordered.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${managerText(c.managerId)}`,
    field: pathText(c.path),
  }));
  return errors.applyConflict(conflictMessage(ordered), causes);
}

function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) {
    return `Apply failed with 1 conflict: conflict with ${managerText(conflicts[0].managerId)}: ${pathText(conflicts[0].path)}`;
  }
  const lines: string[] = [];
  let current: string | undefined;
  for (const c of conflicts) {
    if (c.managerId !== current) {
      current = c.managerId;
      lines.push(`conflicts with ${managerText(c.managerId)}:`);
    }
    lines.push(`- ${pathText(c.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** `namespace/name; group/version, Kind=Kind`, as the apiserver names an object in these errors. */
function objectDescription(obj: KubeObject): string {
  const apiVersion = obj.apiVersion ?? '';
  const slash = apiVersion.lastIndexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}; ${group}/${version}, Kind=${obj.kind ?? ''}`;
}

/** structured-merge-diff's ValidationErrors text. */
function validationText(messages: string[]): string {
  return messages.length === 1 ? messages[0] : ['errors:', ...messages.map((m) => `  ${m}`)].join('\n');
}
