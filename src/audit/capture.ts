// The audit slot: where the handler leaves the decoded request object and the response object,
// for the audit stage to log when the level asks for bodies. Filling it is two reference
// assignments (a copy of the request only when its body is logged), so requests logged at
// Metadata pay nothing for it.
// The slot is found through the response, which every writer of an answer already holds.
import type { ServerResponse } from 'node:http';

export interface AuditSlot {
  /** The level logs the request body: keep a copy, since storing the object changes it in place. */
  copyRequest: boolean;
  /** The level logs the response body: answers must leave the whole object here (no streaming). */
  keepResponse?: boolean;
  /** The decoded request body (object, or patch document), when the request had one; without copyRequest, only its metadata's identity. */
  requestObject?: unknown;
  /** The last object written as the answer (an object, a list, or a Status). */
  responseObject?: unknown;
  /** Annotations later stages add (authorization.k8s.io/decision, authorization.k8s.io/reason). */
  annotations: Record<string, string>;
}

const slots = new WeakMap<ServerResponse, AuditSlot>();

export function attachAuditSlot(res: ServerResponse, slot: AuditSlot): void {
  slots.set(res, slot);
}

export function recordRequestObject(res: ServerResponse, obj: unknown): void {
  const slot = slots.get(res);
  if (slot) slot.requestObject = slot.copyRequest ? structuredClone(obj) : identityOf(obj);
}

/**
 * What objectRef reads of a request body that is not logged: its metadata's identity, taken
 * now, since storing the object (create consumes its decoded body) changes it in place.
 */
function identityOf(obj: unknown): unknown {
  const metadata = isRecord(obj) && isRecord(obj.metadata) ? obj.metadata : undefined;
  if (!metadata) return {};
  const { name, namespace, uid, resourceVersion } = metadata;
  return { metadata: { name, namespace, uid, resourceVersion } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the answer must be recorded whole for the audit log, which rules out streaming it. */
export function responseObjectWanted(res: ServerResponse): boolean {
  return slots.get(res)?.keepResponse ?? false;
}

export function recordResponseObject(res: ServerResponse, obj: unknown): void {
  const slot = slots.get(res);
  if (slot) slot.responseObject = obj;
}

/** For answers sent as ready bytes: the object is built only when the request is audited. */
export function recordResponseObjectLazily(res: ServerResponse, object: () => unknown): void {
  const slot = slots.get(res);
  if (slot) slot.responseObject = object();
}
