// metadata.managedFields as the apiserver's field manager holds it: one field set per manager
// identity (manager name, operation, apiVersion for updaters, subresource), each with the time it
// last changed something. Decoding, the sorted encoding, the identity text in conflict messages
// and the cap on the number of update entries follow k8s.io/apimachinery util/managedfields.
import { goQuote } from '../go-format.js';
import type { ManagedFieldsEntry } from '../object.js';
import { FieldSet } from './field-set.js';
import { compareStrings, goJsonString } from './path-element.js';

export interface ManagerFields {
  set: FieldSet;
  apiVersion: string;
  /** True for an Apply entry. */
  applied: boolean;
}

/** Field sets and times keyed by manager identity (a JSON text, as Kubernetes keys them). */
export interface Managed {
  fields: Map<string, ManagerFields>;
  times: Map<string, string | undefined>;
}

export interface ManagerIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

/** Kubernetes keeps at most this many Update entries; older ones merge into "ancient-changes". */
export const MAX_UPDATE_MANAGERS = 10;

export const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });

/**
 * The identity key of a manager: the entry as JSON without fields, time and fieldsType, and
 * without apiVersion for appliers (so one applier is one entry whatever version it used).
 */
export function managerId(entry: { manager?: string; operation?: string; apiVersion?: string; subresource?: string }): string {
  const parts: string[] = [];
  if (entry.manager) parts.push(`"manager":${goJsonString(entry.manager)}`);
  if (entry.operation) parts.push(`"operation":${goJsonString(entry.operation)}`);
  if (entry.apiVersion && entry.operation !== 'Apply') parts.push(`"apiVersion":${goJsonString(entry.apiVersion)}`);
  if (entry.subresource) parts.push(`"subresource":${goJsonString(entry.subresource)}`);
  return `{${parts.join(',')}}`;
}

/** The identity of the manager doing a request (an empty name is recorded as "unknown"). */
export function requestManagerId(identity: ManagerIdentity): string {
  return managerId({ ...identity, manager: identity.manager || 'unknown' });
}

interface IdentityFields { manager?: string; operation?: string; apiVersion?: string; subresource?: string }

const parseId = (id: string): IdentityFields => JSON.parse(id) as IdentityFields;

/** Decodes stored entries; throws on entries Kubernetes would refuse to decode. */
export function decodeManagedFields(entries: ManagedFieldsEntry[]): Managed {
  const managed = emptyManaged();
  entries.forEach((entry, i) => {
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (!entry.apiVersion) throw new Error('apiVersion must not be empty');
    if (!entry.fieldsType) throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (entry.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${goQuote(entry.fieldsType)} in managed fields entry ${i}`);
    const id = managerId(entry);
    const set = entry.fieldsV1 === undefined || entry.fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(entry.fieldsV1);
    managed.fields.set(id, { set, apiVersion: entry.apiVersion, applied: entry.operation === 'Apply' });
    managed.times.set(id, entry.time ?? undefined);
  });
  return managed;
}

/** Decodes, treating undecodable entries as none (what the apiserver does for live objects). */
export function decodeOrEmpty(entries: ManagedFieldsEntry[] | undefined): Managed {
  try {
    return decodeManagedFields(entries ?? []);
  } catch {
    return emptyManaged();
  }
}

/** The stored form: one entry per manager, sorted by operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, fields] of managed.fields) {
    const identity = parseId(id);
    const entry: ManagedFieldsEntry = {};
    if (identity.manager) entry.manager = identity.manager;
    entry.operation = fields.applied ? 'Apply' : (identity.operation as ManagedFieldsEntry['operation']);
    if (!entry.operation) delete entry.operation;
    entry.apiVersion = fields.apiVersion;
    const time = managed.times.get(id);
    if (time) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = fields.set.toFieldsV1();
    if (identity.subresource) entry.subresource = identity.subresource;
    entries.push(entry);
  }
  return entries.sort(compareEntries);
}

const unixSeconds = (time: string | null | undefined) => (time ? Math.floor(Date.parse(time) / 1000) : 0);

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  return compareStrings(p.operation ?? '', q.operation ?? '')
    || Math.sign(unixSeconds(p.time) - unixSeconds(q.time))
    || compareStrings(p.manager ?? '', q.manager ?? '')
    || compareStrings(p.apiVersion ?? '', q.apiVersion ?? '')
    || compareStrings(p.subresource ?? '', q.subresource ?? '');
}

/** How conflict messages name a manager: `"kubectl"`, `"m" using v1`, `"m" with subresource "status" using v1`. */
export function managerText(id: string): string {
  let identity: IdentityFields;
  try {
    identity = parseId(id);
  } catch {
    return goQuote(id);
  }
  let text = goQuote(identity.manager ?? '');
  if (identity.subresource) text += ` with subresource ${goQuote(identity.subresource)}`;
  if (identity.operation === 'Update') text += ` using ${identity.apiVersion ?? ''}`;
  return text;
}

/**
 * Keeps the number of Update entries at most `max` by merging the oldest ones, per apiVersion,
 * into an "ancient-changes" entry (the apiserver's capManagers).
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managed.fields].filter(([, f]) => !f.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => Math.sign(unixSeconds(managed.times.get(a)) - unixSeconds(managed.times.get(b))) || compareStrings(a, b));
  const firstOfVersion = new Map<string, string>();
  let remaining = updaters.length;
  for (let i = 0; i < updaters.length && remaining > max; i++) {
    const id = updaters[i];
    const fields = managed.fields.get(id)!;
    const time = managed.times.get(id);
    const bucket = managerId({ manager: 'ancient-changes', operation: 'Update', apiVersion: fields.apiVersion });
    const first = firstOfVersion.get(fields.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(fields.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first)!);
      managed.fields.delete(first);
    }
    const bucketFields = managed.fields.get(bucket)!;
    managed.fields.set(bucket, { set: fields.set.union(bucketFields.set), apiVersion: fields.apiVersion, applied: fields.applied });
    managed.fields.delete(id);
    managed.times.set(bucket, time);
    remaining--;
  }
}
