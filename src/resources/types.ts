// What a kind is: one definition per kind drives routes, discovery, OpenAPI, RBAC names,
// table columns and field selectors. Adding a kind is adding one folder under resources/.
import type { TSchema } from '@sinclair/typebox';
import type { FieldError } from '../machinery/field-errors.js';
import type { KubeObject } from '../machinery/object.js';
import type { UserInfo } from '../auth/user.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRegistry } from '../registry/api-registry.js';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: shown by default; 1: only with -o wide. */
  priority: 0 | 1;
}

export interface TableDefinition<T extends KubeObject = KubeObject> {
  columns: TableColumn[];
  /** One cell per column, in order; `now` fixes the clock for Age. */
  cells(obj: T, now: Date): unknown[];
}

/** What each kind says about itself; the generic store does the rest (Kubernetes' registry "strategy"). */
export interface Strategy<T extends KubeObject = KubeObject> {
  /** Wire form → stored form, applied to every decoded write body (e.g. Secret stringData into data). */
  normalize?(obj: T): void;
  /** Server-set fields and defaults on create, before validation. */
  prepareForCreate(obj: T): void;
  /** Fields a plain update may not change are copied from the stored object, before validation. */
  prepareForUpdate(obj: T, old: T): void;
  /** Kind validation on create, metadata included (as Kubernetes' ValidateConfigMap etc. do). */
  validate(obj: T): FieldError[];
  /** Kind validation on update (immutability etc.), including the create rules. */
  validateUpdate(obj: T, old: T): FieldError[];
  /** Non-fatal warnings on create/update (sent as Warning headers). */
  warnings?(obj: T, old?: T): string[];
  /** PUT/PATCH without a resourceVersion is allowed (last writer wins). */
  allowUnconditionalUpdate: boolean;
  /** Top-level fields a write to the main resource cannot set (Kubernetes' ResetFieldsStrategy), e.g. ['status']. */
  resetFields?: string[];
  /** Refuses a delete outright (e.g. immortal namespaces); returns the error to answer. */
  validateDelete?(obj: T): Error | undefined;
  /**
   * Kind-specific graceful deletion: marks `obj` as being deleted (it is stored, not removed)
   * and returns true while the kind still has finalization to do (Namespace: spec.finalizers) or a
   * grace period to run (Pod; `gracePeriodSeconds` is the request's DeleteOptions value).
   */
  prepareForDelete?(obj: T, now: string, gracePeriodSeconds?: number): boolean;
  /** Whether a kind-specific finalizer still holds an object that is being deleted. */
  hasPendingFinalizers?(obj: T): boolean;
  /**
   * Admission that needs the requesting user (RBAC escalation checks), before validation on
   * create and update; throws a Status error to refuse.
   */
  admit?(request: AdmissionRequest<T>): Promise<void>;
}

/** What a kind's admission hook sees: the object being written, the stored one on update, who writes. */
export interface AdmissionRequest<T extends KubeObject = KubeObject> {
  obj: T;
  old?: T;
  namespace?: string;
  /** Absent for the server's own writes (bootstrap, controllers). */
  user?: UserInfo;
}

/** A request a kind answers itself instead of the generic store (reviews, tokens, logs, exec). */
export interface CustomRequest {
  verb: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Who the request acts as. */
  user: UserInfo;
  /** The decoded body (create/update), already checked against the kind's schema when it has one. */
  body?: KubeObject;
  query: URLSearchParams;
  dryRun: boolean;
  /** Raw HTTP, for streaming answers (logs, exec); answer `{ streamed: true }` after using it. */
  http: { req: IncomingMessage; res: ServerResponse };
  /** The served kinds, for handlers that act on other objects (pods/binding, pods/log). */
  registry?: ApiRegistry;
}

export type CustomResponse = { code: number; body: unknown; warnings?: string[] } | { streamed: true };

export type CustomHandler = (request: CustomRequest) => Promise<CustomResponse>;

export interface SubresourceDefinition<T extends KubeObject = KubeObject> {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: Verb[];
  /** For subresources that write part of the parent (status, finalize): what they may change. */
  update?: {
    /** Copies every field this subresource may not change from the stored object. */
    prepare(obj: T, old: T): void;
    /** Top-level fields this subresource cannot set, for field ownership (e.g. ['spec']). */
    resetFields?: string[];
    validate(obj: T, old: T): FieldError[];
  };
  /** Served by code rather than storage (serviceaccounts/token, pods/log, pods/exec). */
  custom?: CustomHandler;
  /** The schema of the request body when it is not the parent kind (e.g. TokenRequest). */
  requestSchema?: TSchema;
  /**
   * A connect subresource (pods/exec): GET and POST both open a stream on an upgraded connection,
   * no body is read, and it is authorized as `create` (as kube-apiserver authorizes exec).
   */
  connect?: boolean;
}

export interface ResourceDefinition<T extends KubeObject = KubeObject> {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Plural resource name, as in URLs and RBAC. */
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: Verb[];
  subresources: SubresourceDefinition<T>[];
  /** The kind's one schema: TypeScript shape, unknown-field checks, OpenAPI, patch merge keys. */
  schema: TSchema;
  strategy: Strategy<T>;
  /** Field selector fields this kind supports, and how to read each from an object. */
  fieldSelectors: Record<string, (obj: T) => string>;
  /** The 400 message for an unsupported field selector (kinds differ in wording). */
  unsupportedFieldSelector(field: string): string;
  table: TableDefinition<T>;
  /**
   * Kinds that are never stored (SelfSubjectAccessReview, TokenReview…): every allowed verb is
   * answered by this handler instead of the generic store.
   */
  custom?: CustomHandler;
}

/** apiVersion as written in objects: `v1` or `group/v1`. */
export function apiVersionOf(def: Pick<ResourceDefinition, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}
