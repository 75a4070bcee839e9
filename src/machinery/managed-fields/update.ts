// What the apiserver records in metadata.managedFields on create, update and every non-apply
// patch (k8s.io/apimachinery util/managedfields): the request's manager gets an `Update` entry
// holding the fields it changed, every other manager loses the fields that changed, emptied
// entries disappear, and only entries that gained fields get a new time.
import type { TSchema } from '@sinclair/typebox';
import type { KubeObject, ManagedFieldsEntry } from '../object.js';
import { STRIPPED_FIELDS, type FieldSet } from './field-set.js';
import {
  capUpdateManagers, decodeManagedFields, decodeOrEmpty, emptyManaged, encodeManagedFields, requestManagerId, type Managed,
} from './managers.js';
import { compareObjects, excludeFromComparison, TypedValueError } from './typed-compare.js';

export interface RecordUpdateOptions {
  schema: TSchema;
  /** The stored object; absent on create. */
  live?: KubeObject;
  /** The object about to be stored. Its own managedFields, when set, replace the live ones (`[]` resets them). */
  updated: KubeObject;
  manager: string;
  /** The request's group/version, e.g. `v1`. */
  apiVersion: string;
  /** RFC 3339 time of the request. */
  time: string;
  subresource?: string;
  /** Fields the endpoint resets and never records (e.g. status on the main resource). */
  resetFields?: FieldSet;
}

/**
 * The managedFields the apiserver stores with `updated`. An empty result means the field is
 * omitted: objects whose entries were reset (or never tracked) stay untracked on update.
 */
export function recordUpdate(opts: RecordUpdateOptions): ManagedFieldsEntry[] {
  const managed = managedBeforeUpdate(opts.live, opts.updated, Boolean(opts.subresource));
  const isCreate = !opts.live?.metadata?.uid;
  if (managed.fields.size === 0 && !isCreate) return [];
  try {
    recordChanges(managed, {
      schema: opts.schema,
      before: withoutManagedFields(opts.live),
      after: withoutManagedFields(opts.updated),
      managerId: requestManagerId({ manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource }),
      apiVersion: opts.apiVersion,
      time: opts.time,
      resetFields: opts.resetFields,
    });
  } catch (e) {
    // An object that cannot be read against its schema keeps the entries it had.
    if (e instanceof TypedValueError) return structuredClone(opts.live?.metadata?.managedFields ?? []);
    throw e;
  }
  capUpdateManagers(managed);
  return encodeManagedFields(managed);
}

/** Entries sent with the object win (clients may edit them); otherwise the live ones. Subresources always use the live ones. */
function managedBeforeUpdate(live: KubeObject | undefined, updated: KubeObject, isSubresource: boolean): Managed {
  const liveEntries = live?.metadata?.managedFields;
  if (isSubresource) return decodeOrEmpty(liveEntries);
  const sent = updated.metadata?.managedFields;
  if (isResetRequest(sent)) return emptyManaged();
  try {
    const managed = decodeManagedFields(sent ?? []);
    if (managed.fields.size > 0) return managed;
  } catch {
    // fall back to the live entries
  }
  return decodeOrEmpty(liveEntries);
}

/** `managedFields: []` or `[{}]` asks the server to drop all entries. */
function isResetRequest(entries: ManagedFieldsEntry[] | undefined | null): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && Object.values(entries[0] ?? {}).every((v) => v === undefined || v === null || v === '');
}

/** The object as compared: managedFields never take part (absent objects compare as empty). */
export function withoutManagedFields(obj: KubeObject | undefined): Record<string, unknown> {
  if (!obj) return {};
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata };
}

export interface RecordChangesOptions {
  schema: TSchema;
  before: unknown;
  after: unknown;
  managerId: string;
  apiVersion: string;
  time: string;
  resetFields?: FieldSet;
}

/** Moves ownership of every changed field to one Update manager, in place. */
export function recordChanges(managed: Managed, opts: RecordChangesOptions): void {
  const comparison = excludeFromComparison(compareObjects(opts.schema, opts.before, opts.after), opts.resetFields);
  const changed = comparison.modified.union(comparison.added);
  for (const [id, fields] of managed.fields) {
    const kept = fields.set.difference(changed).difference(comparison.removed);
    if (kept.isEmpty()) managed.fields.delete(id);
    else managed.fields.set(id, { ...fields, set: kept });
  }
  const gained = changed.difference(STRIPPED_FIELDS);
  if (gained.isEmpty()) return;
  const previous = managed.fields.get(opts.managerId);
  managed.fields.set(opts.managerId, {
    set: previous ? gained.union(previous.set) : gained,
    apiVersion: opts.apiVersion,
    applied: false,
  });
  managed.times.set(opts.managerId, opts.time);
}

/** managerOrUserAgent's fallback: the User-Agent up to the first `/`, printable runes only, at most 128 bytes. */
export function managerFromUserAgent(userAgent: string): string {
  const prefix = userAgent.split('/')[0];
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!isGoPrintable(ch)) continue;
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += size;
  }
  return out;
}

export const FIELD_MANAGER_MAX_LENGTH = 128;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const isGoPrintable = (ch: string) => ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
