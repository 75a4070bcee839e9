// The one catalogue of Kubernetes Status errors. Every user-visible API error is built here,
// never by hand at a call site, so reasons, codes, details and message texts stay exact
// (apimachinery pkg/api/errors).
import { aggregateMessage, type FieldError } from './field-errors.js';

export interface StatusCause { reason?: string; message?: string; field?: string }
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string; resourceVersion?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** A resource as errors name it: plural resource and API group (empty for core). */
export interface GroupResource { group: string; resource: string }
/** A kind as Invalid errors name it. */
export interface GroupKind { group: string; kind: string }

/** Thrown (or returned) wherever a request must end with a Status error. */
export class StatusError extends Error {
  constructor(readonly status: Status, readonly warnings: string[] = []) {
    super(status.message ?? status.reason ?? 'error');
  }
  get code(): number { return this.status.code ?? 500; }
  get reason(): string { return this.status.reason ?? ''; }
}

const qualified = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

function failure(code: number, reason: string | undefined, message: string, details?: StatusDetails): StatusError {
  // Key order as kube-apiserver serializes a Status: …, message, reason, details, code.
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message };
  if (reason) status.reason = reason;
  if (details) status.details = details;
  status.code = code;
  return new StatusError(status);
}

function resourceDetails(gr: GroupResource, name: string, extra?: Partial<StatusDetails>): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return { ...d, ...extra };
}

export const errors = {
  notFound: (gr: GroupResource, name: string) =>
    failure(404, 'NotFound', `${qualified(gr)} "${name}" not found`, resourceDetails(gr, name)),

  alreadyExists: (gr: GroupResource, name: string) =>
    failure(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, resourceDetails(gr, name)),

  /** AlreadyExists with a custom message (generateName exhaustion, object being deleted). */
  alreadyExistsWithMessage: (gr: GroupResource, name: string, message: string) =>
    failure(409, 'AlreadyExists', message, resourceDetails(gr, name)),

  conflict: (gr: GroupResource, name: string, err: string) =>
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${err}`, resourceDetails(gr, name)),

  /** The usual optimistic-concurrency conflict. */
  conflictModified: (gr: GroupResource, name: string) =>
    errors.conflict(gr, name, 'the object has been modified; please apply your changes to the latest version and try again'),

  /** Apply conflicts (NewApplyConflict): their own message, details carry only the causes. */
  applyConflict: (message: string, causes: StatusCause[]) => failure(409, 'Conflict', message, { causes }),

  invalid: (gk: GroupKind, name: string, fieldErrors: FieldError[]) => {
    const kind = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
    const details: StatusDetails = {};
    if (name) details.name = name;
    if (gk.group) details.group = gk.group;
    if (gk.kind) details.kind = gk.kind;
    details.causes = fieldErrors.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
    return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${aggregateMessage(fieldErrors)}`, details);
  },

  forbidden: (gr: GroupResource, name: string, err: string, causes?: StatusCause[]) => {
    const message = name ? `${qualified(gr)} "${name}" is forbidden: ${err}` : `${qualified(gr)} is forbidden: ${err}`;
    return failure(403, 'Forbidden', message, resourceDetails(gr, name, causes ? { causes } : undefined));
  },

  /** Forbidden for non-resource URLs: `forbidden: User "u" cannot get path "/x"`. */
  forbiddenPath: (message: string) => failure(403, 'Forbidden', message, {}),

  unauthorized: (message = 'Unauthorized') => failure(401, 'Unauthorized', message),

  badRequest: (message: string) => failure(400, 'BadRequest', message),

  /** A 422 that names no field (NewGenericServerResponse): a JSON patch that cannot be applied. */
  unprocessableEntity: () =>
    failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {}),

  methodNotSupported: (gr: GroupResource, verb: string) =>
    failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualified(gr)}"`, resourceDetails(gr, '')),

  methodNotAllowed: () =>
    failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),

  notAcceptable: (accepted: string[]) =>
    failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`),

  unsupportedMediaType: (accepted: string[]) =>
    failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`),

  requestEntityTooLarge: (message: string) =>
    failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`),

  /** 410 Expired, used for too-old resourceVersions and continue tokens. */
  expired: (message: string, continueToken?: string) => {
    const e = failure(410, 'Expired', message);
    if (continueToken !== undefined) e.status.metadata.continue = continueToken;
    return e;
  },

  gone: (message: string) => failure(410, 'Gone', message),

  /** Plain NotFound for URLs nothing serves. */
  routeNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource', {}),

  /** Errors without a reason surface as HTTP 500 with the plain message (storage errors). */
  unknown: (message: string, code = 500) => failure(code, undefined, message),

  internal: (err: string) =>
    failure(500, 'InternalError', `Internal error occurred: ${err}`, { causes: [{ message: err }] }),

  timeout: (message: string, retryAfterSeconds?: number, causes?: StatusCause[]) => {
    const details: StatusDetails = {};
    if (causes) details.causes = causes;
    if (retryAfterSeconds !== undefined) details.retryAfterSeconds = retryAfterSeconds;
    return failure(504, 'Timeout', `Timeout: ${message}`, Object.keys(details).length ? details : undefined);
  },

  /** Storage could not be reached or did not answer in time (Kubernetes' storeerr mapping); clients retry after the delay. */
  serverTimeout: (gr: GroupResource, operation: string, retryAfterSeconds: number) =>
    failure(500, 'ServerTimeout', `The ${operation} operation against ${qualified(gr)} could not be completed at this time, please try again.`,
      resourceDetails(gr, operation, { retryAfterSeconds })),

  serviceUnavailable: (message: string) => failure(503, 'ServiceUnavailable', message),

  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    failure(429, 'TooManyRequests', message, { retryAfterSeconds }),
};

/** A success Status, as DELETE answers for kinds removed at once. */
export function successStatus(details: StatusDetails): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

/** The value, or undefined when the lookup answers NotFound (other errors still throw). */
export async function unlessNotFound<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (e) {
    if (e instanceof StatusError && e.reason === 'NotFound') return undefined;
    throw e;
  }
}
