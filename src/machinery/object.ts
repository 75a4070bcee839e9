// The shape every Kubernetes object shares, as plain JSON.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  /** Apply or Update. */
  operation?: string;
  apiVersion?: string;
  time?: string | null;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  selfLink?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** RFC 3339 at second precision in UTC, as metav1.Time serializes. */
export function formatTime(date: Date): string {
  // toISOString always ends in `.sssZ`: drop the milliseconds.
  const iso = date.toISOString();
  return `${iso.slice(0, -5)}Z`;
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}

/** metav1.Time has second precision: a client's `2024-05-01T10:00:00.000Z` is the same instant. */
export function normalizeTime(value: string | null | undefined): string | null | undefined {
  if (typeof value !== 'string') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : formatTime(new Date(ms));
}

/** Brings every timestamp in metadata to metav1.Time's serialized form. */
export function normalizeMetadataTimes(meta: ObjectMeta): void {
  if (meta.creationTimestamp) meta.creationTimestamp = normalizeTime(meta.creationTimestamp);
  if (meta.deletionTimestamp) meta.deletionTimestamp = normalizeTime(meta.deletionTimestamp);
  for (const entry of meta.managedFields ?? []) {
    if (entry && entry.time) entry.time = normalizeTime(entry.time);
  }
}
