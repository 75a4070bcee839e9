// ObjectMeta validation on create and update, as core/v1 kinds get it: apimachinery's
// ValidateObjectMetaAccessor / ValidateObjectMetaAccessorUpdate followed by the core group's
// standard-finalizer rule. Errors come out in Kubernetes' order. Go iterates maps in random
// order; we iterate keys in object order, which is one of the orders Kubernetes can produce.
import { fieldError, FieldPath, type FieldError } from '../field-errors.js';
import { goQuote, goValue } from '../go-format.js';
import type { ObjectMeta, OwnerReference } from '../object.js';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameValidator } from './names.js';

/** A managedFields entry as decoded from a request: only the fields validation reads. */
export interface ManagedFieldsEntryInput { manager?: string; operation?: string; fieldsType?: string; subresource?: string }

/** ObjectMeta as decoded from a request, before validation narrows its enumerations. */
export interface ObjectMetaInput extends Omit<ObjectMeta, 'managedFields'> { managedFields?: ManagedFieldsEntryInput[] }

export interface ObjectMetaOptions {
  /** Namespaced kinds require metadata.namespace; cluster-scoped kinds forbid it. */
  namespaced: boolean;
  /** The kind's name rule (e.g. nameIsDNSSubdomain), also applied to generateName in prefix mode. */
  validateName: NameValidator;
}

export const totalAnnotationSizeLimit = 256 * 1024;
const fieldManagerMaxLength = 128;
const subresourceMaxLength = 256;
const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);
const immutableMessage = 'field is immutable';

const metadataPath = FieldPath.root('metadata');
const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');

/** field.Invalid for values Go prints with a Stringer or %#v rather than %q. */
function invalidRendered(path: FieldPath, rendered: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: String(path), body: `Invalid value: ${rendered}: ${detail}` };
}

export function validateObjectMeta(meta: ObjectMetaInput | undefined, opts: ObjectMetaOptions): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of opts.validateName(m.generateName, true)) {
      errs.push(fieldError.invalid(metadataPath.child('generateName'), m.generateName, msg));
    }
  }
  if (!m.name) {
    errs.push(fieldError.required(metadataPath.child('name'), 'name or generateName is required'));
  } else {
    for (const msg of opts.validateName(m.name, false)) {
      errs.push(fieldError.invalid(metadataPath.child('name'), m.name, msg));
    }
  }
  errs.push(...validateNamespaceField(m.namespace, opts.namespaced));
  if ((m.generation ?? 0) < 0) {
    errs.push(fieldError.invalid(metadataPath.child('generation'), m.generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(m.labels));
  errs.push(...validateAnnotations(m.annotations));
  errs.push(...validateOwnerReferences(m.ownerReferences));
  errs.push(...validateFinalizers(m.finalizers));
  errs.push(...validateManagedFields(m.managedFields));
  errs.push(...standardFinalizerErrors(m.finalizers));
  return errs;
}

/**
 * Metadata rules on update. Kubernetes also requires metadata.resourceVersion here, but the
 * store fills it in before validating for every kind that allows unconditional updates
 * (all of ours), so that check never fires and is left to the store.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMetaInput | undefined, oldMeta: ObjectMetaInput | undefined): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const old = new Set(o.finalizers ?? []);
    const added = [...new Set(n.finalizers ?? [])].filter((f) => !old.has(f)).sort();
    if (added.length > 0) {
      errs.push(fieldError.forbidden(metadataPath.child('finalizers'),
        `no new finalizers can be added if the object is being deleted, found new finalizers ${goValue(added)}`));
    }
  }
  if ((n.generation ?? 0) < (o.generation ?? 0)) {
    errs.push(fieldError.invalid(metadataPath.child('generation'), n.generation ?? 0, 'must not be decremented'));
  }
  for (const key of ['name', 'namespace', 'uid'] as const) {
    if ((n[key] ?? '') !== (o[key] ?? '')) {
      errs.push(fieldError.invalid(metadataPath.child(key), n[key] ?? '', immutableMessage));
    }
  }
  // creationTimestamp is a value (absent = the zero time); deletionTimestamp a pointer (absent = nil).
  if (!sameInstant(n.creationTimestamp || zeroTime, o.creationTimestamp || zeroTime)) {
    errs.push(invalidRendered(metadataPath.child('creationTimestamp'), goTime(n.creationTimestamp || zeroTime), immutableMessage));
  }
  if (!sameOptionalInstant(n.deletionTimestamp, o.deletionTimestamp)) {
    const rendered = n.deletionTimestamp ? goTime(n.deletionTimestamp) : goQuote('null');
    errs.push(invalidRendered(metadataPath.child('deletionTimestamp'), rendered, immutableMessage));
  }
  if (n.deletionGracePeriodSeconds !== o.deletionGracePeriodSeconds) {
    errs.push(fieldError.invalid(metadataPath.child('deletionGracePeriodSeconds'), n.deletionGracePeriodSeconds ?? 'null', immutableMessage));
  }
  errs.push(...validateLabels(n.labels));
  errs.push(...validateAnnotations(n.annotations));
  errs.push(...validateOwnerReferences(n.ownerReferences));
  errs.push(...validateManagedFields(n.managedFields));
  errs.push(...standardFinalizerErrors(n.finalizers));
  return errs;
}

/**
 * One finalizer name as core kinds check it where no list-level rule applies (Namespace
 * spec.finalizers): a qualified name, and without a `/` one of the standard names.
 */
export function validateFinalizerName(value: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((msg) => fieldError.invalid(path, value, msg));
  return errs.concat(standardFinalizerName(value, path));
}

function validateNamespaceField(namespace: string | undefined, namespaced: boolean): FieldError[] {
  const path = metadataPath.child('namespace');
  if (!namespaced) return namespace ? [fieldError.forbidden(path, 'not allowed on this type')] : [];
  if (!namespace) return [fieldError.required(path)];
  return nameIsDNSLabel(namespace, false).map((msg) => fieldError.invalid(path, namespace, msg));
}

/** Key and value errors are both reported on `metadata.labels` itself. */
function validateLabels(labels: Record<string, string> | undefined): FieldError[] {
  const path = metadataPath.child('labels');
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key)) errs.push(fieldError.invalid(path, key, msg));
    for (const msg of isValidLabelValue(value)) errs.push(fieldError.invalid(path, value, msg));
  }
  return errs;
}

function validateAnnotations(annotations: Record<string, string> | undefined): FieldError[] {
  const path = metadataPath.child('annotations');
  const errs: FieldError[] = [];
  let totalSize = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    // Case does not matter in annotation keys, so the key is checked lower-cased.
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(fieldError.invalid(path, key, msg));
    totalSize += byteLength(key) + byteLength(value);
  }
  if (totalSize > totalAnnotationSizeLimit) errs.push(fieldError.tooLong(path, totalAnnotationSizeLimit));
  return errs;
}

function validateOwnerReferences(refs: OwnerReference[] | undefined): FieldError[] {
  const path = metadataPath.child('ownerReferences');
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, path));
    if (ref.controller === true) {
      const current = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController) {
        errs.push(invalidRendered(path, goOwnerReferences(refs ?? []),
          `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

function validateOwnerReference(ref: OwnerReference, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const version = versionOf(ref.apiVersion ?? '');
  if (!version.version) errs.push(fieldError.invalid(path.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
  if (!ref.kind) errs.push(fieldError.invalid(path.child('kind'), ref.kind ?? '', 'must not be empty'));
  if (!ref.name) errs.push(fieldError.invalid(path.child('name'), ref.name ?? '', 'must not be empty'));
  if (!ref.uid) errs.push(fieldError.invalid(path.child('uid'), ref.uid ?? '', 'must not be empty'));
  // Events are the one banned owner kind (core/v1 Event).
  if (version.group === '' && version.version === 'v1' && ref.kind === 'Event') {
    errs.push(invalidRendered(path, goOwnerReference(ref), '/v1, Kind=Event is disallowed from being an owner'));
  }
  return errs;
}

/** schema.ParseGroupVersion: `v1`, `group/v1`; anything with more slashes parses as empty. */
function versionOf(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

/** apimachinery's list-level finalizer rules, reported on `metadata.finalizers`. */
function validateFinalizers(finalizers: string[] | undefined): FieldError[] {
  const path = metadataPath.child('finalizers');
  const list = finalizers ?? [];
  const errs: FieldError[] = [];
  for (const finalizer of list) {
    for (const msg of isQualifiedName(finalizer)) errs.push(fieldError.invalid(path, finalizer, msg));
  }
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(fieldError.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** The core group's extra rule, reported per finalizer on `metadata.finalizers[i]`. */
function standardFinalizerErrors(finalizers: string[] | undefined): FieldError[] {
  const path = metadataPath.child('finalizers');
  return (finalizers ?? []).flatMap((finalizer, i) => standardFinalizerName(finalizer, path.index(i)));
}

function standardFinalizerName(value: string, path: FieldPath): FieldError[] {
  if (value.includes('/') || standardFinalizers.has(value)) return [];
  return [fieldError.invalid(path, value, 'name is neither a standard finalizer name nor is it fully qualified')];
}

function validateManagedFields(entries: ManagedFieldsEntryInput[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((entry, i) => {
    const path = metadataPath.child('managedFields').index(i);
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') {
      errs.push(fieldError.invalid(path.child('operation'), entry.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (entry.fieldsType && entry.fieldsType !== 'FieldsV1') {
      errs.push(fieldError.invalid(path.child('fieldsType'), entry.fieldsType, 'must be `FieldsV1`'));
    }
    errs.push(...validateFieldManager(entry.manager ?? '', path.child('manager')));
    if (byteLength(entry.subresource ?? '') > subresourceMaxLength) {
      errs.push(fieldError.tooLong(path.child('subresource'), subresourceMaxLength));
    }
  });
  return errs;
}

/** ≤128 bytes, every rune printable (the message gives the rune as U+XXXX and its byte offset). */
function validateFieldManager(manager: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (byteLength(manager) > fieldManagerMaxLength) errs.push(fieldError.tooLong(path, fieldManagerMaxLength));
  let offset = 0;
  for (const ch of manager) {
    if (!isGoPrintable(ch)) {
      const rune = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push(fieldError.invalid(path, manager, `invalid character U+${rune} (at position ${offset})`));
    }
    offset += byteLength(ch);
  }
  return errs;
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const isGoPrintable = (ch: string) => ch === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch);

// ---- Go renderings of values that field.Invalid prints without %q ----

const zeroTime = '0001-01-01T00:00:00Z';

function instant(timestamp: string): number {
  return Date.parse(timestamp);
}

function sameInstant(a: string, b: string): boolean {
  const x = instant(a);
  const y = instant(b);
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}

function sameOptionalInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return sameInstant(a, b);
}

/** time.Time.String() in UTC: `2024-05-01 10:00:00 +0000 UTC` (fraction only when non-zero). */
export function goTime(timestamp: string): string {
  const ms = instant(timestamp);
  if (Number.isNaN(ms)) return goQuote(timestamp);
  const iso = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ (years 0000-9999)
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? '.' + fraction : ''} +0000 UTC`;
}

const goBoolPointer = (value: boolean | undefined) =>
  // A set pointer prints as its address in Go; any address is as good as the real one.
  value === undefined ? '(*bool)(nil)' : '(*bool)(0xc000000000)';

/** %#v of a metav1.OwnerReference. */
function goOwnerReference(ref: OwnerReference): string {
  return `v1.OwnerReference{APIVersion:${goQuote(ref.apiVersion ?? '')}, Kind:${goQuote(ref.kind ?? '')}, ` +
    `Name:${goQuote(ref.name ?? '')}, UID:${goQuote(ref.uid ?? '')}, ` +
    `Controller:${goBoolPointer(ref.controller)}, BlockOwnerDeletion:${goBoolPointer(ref.blockOwnerDeletion)}}`;
}

function goOwnerReferences(refs: OwnerReference[]): string {
  return `[]v1.OwnerReference{${refs.map(goOwnerReference).join(', ')}}`;
}
