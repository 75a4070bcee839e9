// The generic store: every verb for every kind, on the revisioned storage interface.
// Each kind only says what is special about it (its strategy); this file does the rest,
// in the order kube-apiserver's generic registry does it.
import { randomUUID } from 'node:crypto';
import { deepClone, formatTime, normalizeMetadataTimes, type KubeObject, type ManagedFieldsEntry } from '../machinery/object.js';
import { errors, StatusError, successStatus, type GroupResource, type Status } from '../machinery/status.js';
import type { FieldError } from '../machinery/field-errors.js';
import { sameJson } from '../machinery/same-json.js';
import { FieldSet } from '../machinery/managed-fields/field-set.js';
import { fieldElement } from '../machinery/managed-fields/path-element.js';
import { recordUpdate } from '../machinery/managed-fields/update.js';
import { serverSideApply } from '../machinery/managed-fields/apply.js';
import { applyPatch, type PatchType } from '../machinery/patch/index.js';
import { apiVersionOf, type ResourceDefinition, type SubresourceDefinition } from '../resources/types.js';
import { StorageError, type KeyValue, type Store } from '../storage/interface.js';
import { ObjectCodec, type SerializedObject } from './codec.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { listPrefix, objectKey } from './keys.js';
import { generateName } from './names.js';
import { omitEmptyCollections } from './omit-empty.js';
import { checkFieldSelector, isSelectionEmpty, matchesSelection, type Selection } from './selection.js';
import type { UserInfo } from '../auth/user.js';

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  /** Set by the handler when the request carried warnings of its own (unknown fields). */
  warnings?: string[];
  /** Decode checks the handler runs on a patched object (types, unknown fields), as on a body. */
  checkPatched?: (obj: KubeObject) => void;
  /** Who writes, for admission that depends on the user (RBAC escalation); absent for internal writes. */
  user?: UserInfo;
  /** Create only: the body was decoded for this call alone, so the store may change it instead of a copy. */
  consumeBody?: boolean;
}

export interface ListOptions extends Selection {
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface ListMeta {
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

export interface ListResult extends ListMeta {
  items: KubeObject[];
}

/** Items per storage read for a list without a limit, so that no read holds the whole list. */
export const LIST_CHUNK = 500;

/** A list served whole (no limit applies): its metadata is only its resourceVersion. */
export function listIsUnlimited(options: ListOptions): boolean {
  if (!options.limit || options.limit <= 0) return true;
  // "Any version" lists are served whole, as from the watch cache; a continue token keeps its limit.
  return !options.continueToken && options.resourceVersion === '0';
}

export interface DeleteOptions {
  dryRun: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** DeleteOptions.gracePeriodSeconds, for kinds with graceful deletion (Pods). */
  gracePeriodSeconds?: number;
}

export interface WriteResult {
  object: KubeObject;
  /** True when a create happened (201). */
  created: boolean;
  warnings: string[];
}

export interface DeleteResult {
  /** The object still exists (being finalized): answer it. Otherwise answer `status`. */
  object?: KubeObject;
  status?: Status;
  /** The object as it was (for deletecollection lists). */
  deleted: KubeObject;
}

/** Looks up a namespace for NamespaceLifecycle admission. */
export type NamespaceLookup = (name: string) => Promise<KubeObject | undefined>;

/** Told of every write this store made: the object stored at `modRevision`, or undefined when the key was deleted then. */
export type WriteObserver = (key: string, modRevision: number, obj: KubeObject | undefined) => void;

export interface GenericStoreHooks {
  namespaceLookup?: NamespaceLookup;
  observeWrite?: WriteObserver;
  clock?: () => Date;
}

/** Where an update starts: the live object (read now), or this server's newest copy (unverified until the write's compare succeeds). */
interface UpdateStart {
  current: KubeObject;
  modRevision: number;
  /** The stored value, when read now; absent for a cached start. */
  kv?: KeyValue;
}

const GENERATE_NAME_ATTEMPTS = 8;
const UPDATE_RETRIES = 16;
const FUTURE_REVISION_WAIT_MS = 3000;

export class GenericStore {
  readonly resource: GroupResource;
  private readonly apiVersion: string;
  private readonly namespaceLookup?: NamespaceLookup;
  private readonly observeWrite?: WriteObserver;
  private readonly clock: () => Date;

  constructor(
    readonly def: ResourceDefinition<any>,
    private readonly store: Store,
    private readonly codec: ObjectCodec,
    hooks: GenericStoreHooks = {},
  ) {
    this.resource = { group: def.group, resource: def.plural };
    this.apiVersion = apiVersionOf(def);
    this.namespaceLookup = hooks.namespaceLookup;
    this.observeWrite = hooks.observeWrite;
    this.clock = hooks.clock ?? (() => new Date());
  }

  // ---- reads ------------------------------------------------------------------------------

  async get(namespace: string | undefined, name: string, resourceVersion?: string): Promise<KubeObject> {
    const stale = await this.reachGetRevision(resourceVersion);
    return this.decode(await this.readExisting(objectKey(this.def, namespace, name), name, stale));
  }

  /** A GET's answer as JSON: the same read as `get`, then bytes the codec may already hold for this revision. */
  async getSerialized(namespace: string | undefined, name: string, resourceVersion?: string): Promise<SerializedObject> {
    const stale = await this.reachGetRevision(resourceVersion);
    const key = objectKey(this.def, namespace, name);
    const cached = this.codec.cachedJson(key);
    if (cached) {
      // Holding some revision's bytes, asking storage for the current revision alone is enough
      // (still a quorum read on etcd); only when it moved on is the value read.
      const current = await this.store.modRevision(key, { stale });
      if (current === undefined) throw errors.notFound(this.resource, name);
      if (current === cached.modRevision) return cached.serialized;
    }
    return this.codec.serialize(await this.readExisting(key, name, stale));
  }

  /**
   * A GET at resourceVersion N waits until storage has reached N; one at "0" takes any recent
   * state, which it answers with a stale (serializable) read.
   */
  private async reachGetRevision(resourceVersion: string | undefined): Promise<boolean> {
    if (resourceVersion === '0') return true;
    if (resourceVersion) await this.waitForRevision(parseRevision(resourceVersion));
    return false;
  }

  /** The key's current value, read from storage every time (a quorum read on etcd unless `stale`). */
  private async readExisting(key: string, name: string, stale = false): Promise<KeyValue> {
    const kv = await this.store.get(key, undefined, { stale });
    if (!kv) throw errors.notFound(this.resource, name);
    return kv;
  }

  async list(namespace: string | undefined, options: ListOptions): Promise<ListResult> {
    const items: KubeObject[] = [];
    const meta = await this.listChunks(namespace, options, (chunk) => {
      for (const obj of chunk) items.push(obj);
    });
    return { items, ...meta };
  }

  /**
   * The list, handed over one storage page at a time (all read at one revision), so that a caller
   * writing it out holds one chunk rather than the whole list. `onChunk` is awaited before the next
   * read and is called at least once. Without a limit the metadata is just the resourceVersion,
   * known at the first chunk; with one, continue and remainingItemCount come at the end.
   */
  async listChunks(
    namespace: string | undefined, options: ListOptions, onChunk: (items: KubeObject[], resourceVersion: string) => Promise<void> | void,
  ): Promise<ListMeta> {
    checkFieldSelector(this.def, options.fields);
    const prefix = listPrefix(this.def, namespace);
    let revision = 0;
    let startKey: string | undefined;
    const limit = listIsUnlimited(options) ? 0 : options.limit!;

    if (options.continueToken) {
      const token = decodeContinue(options.continueToken, prefix);
      startKey = token.startKey;
      revision = token.revision;
    } else if (options.resourceVersion && options.resourceVersion !== '0') {
      const requested = parseRevision(options.resourceVersion);
      await this.waitForRevision(requested);
      if (options.resourceVersionMatch === 'Exact') revision = requested;
    }

    const selective = !isSelectionEmpty(options);
    // resourceVersion=0: any recent state will do (see ReadOptions.stale).
    const stale = options.resourceVersion === '0' && !options.continueToken;
    let taken = 0;
    let more: boolean;
    let remaining: number;
    let lastKey: string | undefined;
    for (;;) {
      let page;
      try {
        page = await this.store.list(prefix, limit
          ? { revision, limit: limit - taken + (selective ? 64 : 0), startKey, stale }
          : { revision, limit: LIST_CHUNK, startKey, countRemaining: false, stale });
      } catch (e) {
        throw this.listStorageError(e, options, prefix);
      }
      revision = page.revision;
      const chunk: KubeObject[] = [];
      let consumed = 0;
      for (const kv of page.items) {
        consumed++;
        const obj = await this.decode(kv);
        lastKey = kv.key;
        if (!selective || matchesSelection(this.def, obj, options)) chunk.push(obj);
        if (limit && taken + chunk.length === limit) break;
      }
      taken += chunk.length;
      await onChunk(chunk, String(revision));
      const leftInPage = page.items.length - consumed;
      more = page.more || leftInPage > 0;
      remaining = page.remaining + leftInPage;
      if ((limit && taken >= limit) || !page.more) break;
      startKey = `${lastKey}\u0000`;
    }

    const meta: ListMeta = { resourceVersion: String(revision) };
    if (limit && more && lastKey !== undefined) {
      meta.continueToken = encodeContinue(`${lastKey}\u0000`, prefix, revision);
      if (!selective) meta.remainingItemCount = remaining;
    }
    return meta;
  }

  // ---- create -----------------------------------------------------------------------------

  async create(namespace: string | undefined, body: KubeObject, options: WriteOptions): Promise<WriteResult> {
    const obj = options.consumeBody ? body : deepClone(body);
    this.toWireForm(obj);
    const meta = obj.metadata;
    if (meta.resourceVersion) {
      throw errors.unknown('resourceVersion should not be set on objects to be created');
    }
    delete meta.uid;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    delete meta.generation;
    meta.creationTimestamp = formatTime(this.clock());
    meta.uid = randomUUID();
    this.bindNamespace(obj, namespace);
    obj.apiVersion = this.apiVersion;
    obj.kind = this.def.kind;

    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = generateName(meta.generateName!);

    await this.def.strategy.admit?.({ obj, namespace: obj.metadata.namespace, user: options.user });
    await this.admitNamespace(obj, 'create');
    this.def.strategy.prepareForCreate(obj);
    this.throwIfInvalid(obj, this.def.strategy.validate(obj));
    const warnings = [...(options.warnings ?? []), ...(this.def.strategy.warnings?.(obj) ?? [])];
    this.setManagedFields(obj, recordUpdate({
      schema: this.def.schema, updated: obj, manager: options.fieldManager,
      apiVersion: this.apiVersion, time: meta.creationTimestamp, resetFields: this.resetFields(),
    }));

    if (options.dryRun) {
      await this.throwIfExists(obj);
      return { object: obj, created: true, warnings };
    }
    for (let attempt = 1; ; attempt++) {
      const key = objectKey(this.def, obj.metadata.namespace, obj.metadata.name!);
      try {
        const kv = await this.store.create(key, await this.codec.encode(obj, key));
        this.stored(key, kv.modRevision, obj);
        return { object: obj, created: true, warnings };
      } catch (e) {
        if (!(e instanceof StorageError && e.code === 'KeyExists')) throw e;
        if (generated && attempt < GENERATE_NAME_ATTEMPTS) {
          obj.metadata.name = generateName(obj.metadata.generateName!);
          continue;
        }
        throw await this.alreadyExists(e.current ?? (await this.store.get(key)), obj.metadata.name!, generated);
      }
    }
  }

  // ---- update / patch ---------------------------------------------------------------------

  /** PUT: replaces the object (or a subresource's part of it). */
  async update(
    namespace: string | undefined, name: string, body: KubeObject, options: WriteOptions, subresource?: SubresourceDefinition,
  ): Promise<WriteResult> {
    const expected = body.metadata?.resourceVersion;
    if (!expected && !this.def.strategy.allowUnconditionalUpdate) {
      throw this.invalid(name, [{ type: 'FieldValueInvalid', field: 'metadata.resourceVersion', body: 'Invalid value: 0x0: must be specified for an update' }]);
    }
    return this.guaranteedUpdate(namespace, name, options, subresource, (current) => {
      if (expected && expected !== current.metadata.resourceVersion) throw errors.conflictModified(this.resource, name);
      return deepClone(body);
    });
  }

  /** PATCH: applies a patch to the current object, retrying on conflicts like Kubernetes. */
  async patch(
    namespace: string | undefined, name: string, type: PatchType | 'apply', patch: unknown, options: WriteOptions & { force?: boolean },
    subresource?: SubresourceDefinition,
  ): Promise<WriteResult> {
    if (type === 'apply') return this.apply(namespace, name, patch as KubeObject, options);
    return this.guaranteedUpdate(namespace, name, options, subresource, (current) => {
      const copy = deepClone(current);
      const { managedFields: _mf, ...meta } = copy.metadata;
      const patched = applyPatch(type, { ...copy, metadata: meta }, patch, this.def.schema) as KubeObject;
      if (!isObject(patched) || !isObject(patched.metadata)) {
        throw this.invalid(name, [{ type: 'FieldValueInvalid', field: 'patch', body: 'Invalid value: "": the patched object is not an object' }]);
      }
      const patchedVersion = patched.metadata.resourceVersion;
      if (patchedVersion && patchedVersion !== current.metadata.resourceVersion) throw errors.conflictModified(this.resource, name);
      options.checkPatched?.(patched);
      patched.metadata.managedFields = copy.metadata.managedFields;
      return patched;
    });
  }

  private async apply(namespace: string | undefined, name: string, applied: KubeObject, options: WriteOptions & { force?: boolean }): Promise<WriteResult> {
    if (!isObject(applied) || !isObject(applied.metadata)) throw errors.badRequest('error decoding YAML: the apply patch is not an object');
    if (applied.metadata.name && applied.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    }
    const time = formatTime(this.clock());
    for (let attempt = 0; ; attempt++) {
      const key = objectKey(this.def, namespace, name);
      const kv = await this.store.get(key);
      if (!kv) {
        const { object } = serverSideApply({
          schema: this.def.schema, applied: { ...deepClone(applied), metadata: { ...applied.metadata, name } },
          manager: options.fieldManager, force: !!options.force, apiVersion: this.apiVersion, time, resetFields: this.resetFields(),
        });
        const managed = object.metadata.managedFields;
        try {
          const result = await this.create(namespace, object, options);
          if (managed) {
            result.object.metadata.managedFields = managed;
            if (!options.dryRun) await this.storeManagedFields(result.object);
          }
          return result;
        } catch (e) {
          if (e instanceof StatusError && e.reason === 'AlreadyExists' && attempt < UPDATE_RETRIES) continue;
          throw e;
        }
      }
      try {
        return await this.guaranteedUpdate(namespace, name, options, undefined, (current) =>
          serverSideApply({
            schema: this.def.schema, live: deepClone(current), applied: deepClone(applied),
            manager: options.fieldManager, force: !!options.force, apiVersion: this.apiVersion, time, resetFields: this.resetFields(),
          }).object, { managedFieldsDone: true });
      } catch (e) {
        if (e instanceof StatusError && e.reason === 'NotFound' && attempt < UPDATE_RETRIES) continue;
        throw e;
      }
    }
  }

  /** Rewrites an object's managedFields after an apply-create (create records an Update entry). */
  private async storeManagedFields(obj: KubeObject): Promise<void> {
    const key = objectKey(this.def, obj.metadata.namespace, obj.metadata.name!);
    const kv = await this.store.update(key, await this.codec.encode(obj, key), Number(obj.metadata.resourceVersion));
    this.stored(key, kv.modRevision, obj);
  }

  /**
   * Read, transform, validate, compare-and-swap; on a storage conflict read again and retry
   * (conflicts the transform itself detects — a stale resourceVersion — are final).
   * Like kube-apiserver's GuaranteedUpdate from the watch cache, the first try may start from this
   * server's newest copy of the object instead of a read: only a write whose compare on that
   * copy's revision succeeds proves it current, so any other outcome (an error, a no-op, a
   * finalizing delete) reads the live object and starts over, and the answer is the same as
   * from a read. `transform` must not change the current object it is given: one that edits it copies it.
   */
  private async guaranteedUpdate(
    namespace: string | undefined, name: string, options: WriteOptions, subresource: SubresourceDefinition | undefined,
    transform: (current: KubeObject) => KubeObject, flags: { managedFieldsDone?: boolean } = {},
  ): Promise<WriteResult> {
    const key = objectKey(this.def, namespace, name);
    let cached = options.dryRun ? undefined : this.codec.latest(key);
    for (let attempt = 0; ; attempt++) {
      const start: UpdateStart = cached ? { current: cached.object, modRevision: cached.modRevision } : await this.liveUpdateStart(key, name);
      cached = undefined;
      let prepared: { obj: KubeObject; warnings: string[] };
      try {
        prepared = await this.prepareUpdate(start.current, namespace, name, options, subresource, transform, flags);
      } catch (e) {
        if (!start.kv) continue;
        throw e;
      }
      const { obj, warnings } = prepared;
      const { current, kv } = start;

      // A no-op update is not written: same resourceVersion, no watch event. Unless the stored
      // value is stale (encrypted under an older key): then it is rewritten, as kube-apiserver does.
      if (sameStoredForm(obj, current)) {
        if (!kv) continue;
        if (!this.codec.isStale(kv)) return { object: current, created: false, warnings };
      }

      if (obj.metadata.deletionTimestamp && !this.hasFinalizers(obj)) {
        if (!kv) continue;
        // The update that removes the last finalizer completes the deletion.
        if (!options.dryRun) await this.removeFinalized(key, obj, kv);
        return { object: obj, created: false, warnings };
      }
      if (options.dryRun) return { object: obj, created: false, warnings };
      try {
        const updated = await this.store.update(key, await this.codec.encode(obj, key), start.modRevision);
        this.stored(key, updated.modRevision, obj);
        return { object: obj, created: false, warnings };
      } catch (e) {
        if (e instanceof StorageError && (e.code === 'Conflict' || e.code === 'KeyNotFound') && attempt < UPDATE_RETRIES) continue;
        throw e;
      }
    }
  }

  private async liveUpdateStart(key: string, name: string): Promise<UpdateStart> {
    const kv = await this.readExisting(key, name);
    return { current: await this.decode(kv), modRevision: kv.modRevision, kv };
  }

  /** The updated object from the current one: transformed, admitted, prepared, validated, its managedFields recorded. */
  private async prepareUpdate(
    current: KubeObject, namespace: string | undefined, name: string, options: WriteOptions, subresource: SubresourceDefinition | undefined,
    transform: (current: KubeObject) => KubeObject, flags: { managedFieldsDone?: boolean },
  ): Promise<{ obj: KubeObject; warnings: string[] }> {
    const obj = transform(current);
    if (!isObject(obj.metadata)) obj.metadata = {};
    normalizeMetadataTimes(obj.metadata);
    this.toWireForm(obj);
    this.beforeUpdate(obj, current, namespace, name);
    if (!subresource) await this.def.strategy.admit?.({ obj, old: current, namespace: obj.metadata.namespace, user: options.user });
    await this.admitNamespace(obj, 'update');

    let fieldErrors: FieldError[];
    if (subresource?.update) {
      subresource.update.prepare(obj, current);
      fieldErrors = subresource.update.validate(obj, current);
    } else {
      this.def.strategy.prepareForUpdate(obj, current);
      fieldErrors = this.def.strategy.validateUpdate(obj, current);
    }
    this.throwIfInvalid(obj, fieldErrors);
    const warnings = [...(options.warnings ?? []), ...(this.def.strategy.warnings?.(obj, current) ?? [])];

    if (!flags.managedFieldsDone) {
      this.setManagedFields(obj, recordUpdate({
        schema: this.def.schema, live: current, updated: obj, manager: options.fieldManager,
        apiVersion: this.apiVersion, time: formatTime(this.clock()), subresource: subresource?.name,
        resetFields: this.resetFields(subresource),
      }));
    }
    obj.metadata.resourceVersion = current.metadata.resourceVersion;
    return { obj, warnings };
  }

  /** What BeforeUpdate enforces for every kind: server-owned metadata comes from the stored object. */
  private beforeUpdate(obj: KubeObject, current: KubeObject, namespace: string | undefined, name: string): void {
    obj.apiVersion = this.apiVersion;
    obj.kind = this.def.kind;
    const meta = obj.metadata;
    // The update and patch handlers' checkName: name first, then namespace, in these words.
    if (meta.name !== undefined && meta.name !== name) {
      throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    if (this.def.namespaced && namespace && meta.namespace && meta.namespace !== namespace) {
      throw errors.badRequest(`the namespace of the object (${meta.namespace}) does not match the namespace on the request (${namespace})`);
    }
    this.bindNamespace(obj, namespace);
    meta.name = name;
    if (meta.uid && meta.uid !== current.metadata.uid) {
      throw errors.conflict(this.resource, name,
        `StorageError: invalid object, Code: 4, Key: ${objectKey(this.def, namespace, name)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    if (current.metadata.generation !== undefined) meta.generation = current.metadata.generation;
    else delete meta.generation;
    if (current.metadata.deletionTimestamp) {
      meta.deletionTimestamp = current.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    delete meta.selfLink;
  }

  // ---- delete -----------------------------------------------------------------------------

  async delete(namespace: string | undefined, name: string, options: DeleteOptions): Promise<DeleteResult> {
    const key = objectKey(this.def, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.store.get(key);
      if (!kv) throw errors.notFound(this.resource, name);
      const current = await this.decode(kv);
      this.checkPreconditions(current, options.preconditions);
      const refusal = this.def.strategy.validateDelete?.(current);
      if (refusal) throw refusal;

      const marked = deepClone(current);
      const pendingKind = this.def.strategy.prepareForDelete?.(marked, formatTime(this.clock()), options.gracePeriodSeconds) ?? false;
      if (pendingKind || (marked.metadata.finalizers ?? []).length > 0) {
        // Graceful deletion: mark it and keep it until its finalizers are done.
        if (!marked.metadata.deletionTimestamp) {
          marked.metadata.deletionTimestamp = formatTime(this.clock());
          marked.metadata.deletionGracePeriodSeconds = 0;
        }
        if (sameStoredForm(marked, current) || options.dryRun) return { object: marked, deleted: current };
        try {
          const updated = await this.store.update(key, await this.codec.encode(marked, key), kv.modRevision);
          this.stored(key, updated.modRevision, marked);
          return { object: marked, deleted: current };
        } catch (e) {
          if (e instanceof StorageError && e.code === 'Conflict' && attempt < UPDATE_RETRIES) continue;
          throw e;
        }
      }
      if (!options.dryRun) {
        try {
          this.deleted(key, await this.store.delete(key, kv.modRevision));
        } catch (e) {
          if (e instanceof StorageError && e.code === 'Conflict' && attempt < UPDATE_RETRIES) continue;
          if (e instanceof StorageError && e.code === 'KeyNotFound') throw errors.notFound(this.resource, name);
          throw e;
        }
      }
      return { status: this.deletedStatus(current), deleted: current };
    }
  }

  async deleteCollection(namespace: string | undefined, listOptions: ListOptions, options: DeleteOptions): Promise<ListResult> {
    const listed = await this.list(namespace, { ...listOptions, limit: undefined, continueToken: undefined });
    const deleted: KubeObject[] = [];
    for (const item of listed.items) {
      try {
        const result = await this.delete(item.metadata.namespace, item.metadata.name!, { dryRun: options.dryRun, gracePeriodSeconds: options.gracePeriodSeconds });
        deleted.push(result.deleted);
      } catch (e) {
        if (!(e instanceof StatusError && e.reason === 'NotFound')) throw e;
      }
    }
    return { items: deleted, resourceVersion: listed.resourceVersion };
  }

  private checkPreconditions(current: KubeObject, preconditions: DeleteOptions['preconditions']): void {
    const kindResource = { group: '', resource: this.def.kind };
    const name = current.metadata.name!;
    if (preconditions?.uid && preconditions.uid !== current.metadata.uid) {
      throw errors.conflict(kindResource, name,
        `the UID in the precondition (${preconditions.uid}) does not match the UID in record (${current.metadata.uid}). The object might have been deleted and then recreated`);
    }
    if (preconditions?.resourceVersion && preconditions.resourceVersion !== current.metadata.resourceVersion) {
      throw errors.conflict(kindResource, name,
        `the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion}). The object might have been modified`);
    }
  }

  private deletedStatus(obj: KubeObject): Status {
    const details: Status['details'] = { name: obj.metadata.name };
    if (this.def.group) details.group = this.def.group;
    details.kind = this.def.plural;
    details.uid = obj.metadata.uid;
    return successStatus(details);
  }

  private async removeFinalized(key: string, obj: KubeObject, kv: KeyValue): Promise<void> {
    try {
      this.deleted(key, await this.store.delete(key, kv.modRevision));
    } catch (e) {
      if (e instanceof StorageError && e.code === 'Conflict') throw errors.conflictModified(this.resource, obj.metadata.name!);
      if (!(e instanceof StorageError && e.code === 'KeyNotFound')) throw e;
    }
  }

  private hasFinalizers(obj: KubeObject): boolean {
    return (obj.metadata.finalizers ?? []).length > 0 || (this.def.strategy.hasPendingFinalizers?.(obj) ?? false);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** After a write stored `obj` at `modRevision`: its resourceVersion, and what this server remembers of it. */
  private stored(key: string, modRevision: number, obj: KubeObject): void {
    obj.metadata.resourceVersion = String(modRevision);
    this.codec.remember(key, modRevision, obj);
    this.observeWrite?.(key, modRevision, obj);
  }

  private deleted(key: string, tombstone: KeyValue): void {
    this.observeWrite?.(key, tombstone.modRevision, undefined);
  }

  /** What decoding into the Go type and encoding again does to a written object. */
  private toWireForm(obj: KubeObject): void {
    this.def.strategy.normalize?.(obj);
    omitEmptyCollections(this.def.schema, obj);
  }

  /** Fields the write cannot own: the kind's reset fields, or the subresource's. */
  private resetFields(subresource?: SubresourceDefinition): FieldSet | undefined {
    const fields = subresource ? subresource.update?.resetFields : this.def.strategy.resetFields;
    return fields?.length ? FieldSet.of(...fields.map((f) => [fieldElement(f)])) : undefined;
  }

  private setManagedFields(obj: KubeObject, entries: ManagedFieldsEntry[]): void {
    if (entries.length) obj.metadata.managedFields = entries;
    else delete obj.metadata.managedFields;
  }

  async decode(kv: KeyValue): Promise<KubeObject> {
    return this.codec.decode(kv);
  }

  private bindNamespace(obj: KubeObject, namespace: string | undefined): void {
    if (!this.def.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (!obj.metadata.namespace) obj.metadata.namespace = namespace;
    else if (namespace && obj.metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
  }

  /** NamespaceLifecycle admission: no writes into missing namespaces, no creates into terminating ones. */
  private async admitNamespace(obj: KubeObject, operation: 'create' | 'update'): Promise<void> {
    if (!this.def.namespaced || !this.namespaceLookup) return;
    const nsName = obj.metadata.namespace!;
    const ns = await this.namespaceLookup(nsName);
    if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, nsName);
    const phase = (ns as { status?: { phase?: string } }).status?.phase;
    if (operation === 'create' && (phase === 'Terminating' || ns.metadata.deletionTimestamp)) {
      const name = obj.metadata.name || obj.metadata.generateName || '';
      throw errors.forbidden(this.resource, name,
        `unable to create new content in namespace ${nsName} because it is being terminated`,
        [{ reason: 'NamespaceTerminating', message: `namespace ${nsName} is being terminated`, field: 'metadata.namespace' }]);
    }
  }

  private throwIfInvalid(obj: KubeObject, fieldErrors: FieldError[]): void {
    if (fieldErrors.length) throw this.invalid(obj.metadata.name ?? '', fieldErrors);
  }

  private invalid(name: string, fieldErrors: FieldError[]): StatusError {
    return errors.invalid({ group: this.def.group, kind: this.def.kind }, name, fieldErrors);
  }

  private async throwIfExists(obj: KubeObject): Promise<void> {
    const key = objectKey(this.def, obj.metadata.namespace, obj.metadata.name!);
    const kv = await this.store.get(key);
    if (kv) throw await this.alreadyExists(kv, obj.metadata.name!, false);
  }

  private async alreadyExists(existing: KeyValue | undefined, name: string, generated: boolean): Promise<StatusError> {
    if (generated) {
      return errors.alreadyExistsWithMessage(this.resource, name,
        `${this.resource.resource} "${name}" already exists, the server was not able to generate a unique name for the object`);
    }
    if (existing) {
      const obj = await this.decode(existing);
      if (obj.metadata.deletionTimestamp) {
        return errors.alreadyExistsWithMessage(this.resource, name, `object is being deleted: ${this.resource.resource} "${name}" already exists`);
      }
    }
    return errors.alreadyExists(this.resource, name);
  }

  private listStorageError(e: unknown, options: ListOptions, _prefix: string): unknown {
    if (!(e instanceof StorageError)) return e;
    if (e.code === 'Compacted') {
      if (options.continueToken) {
        return errors.expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      return errors.expired('The resourceVersion for the provided list is too old.');
    }
    return e;
  }

  /** "Not older than N": wait briefly for N to arrive (another server may be ahead), then 504. */
  private async waitForRevision(requested: number): Promise<void> {
    const deadline = Date.now() + FUTURE_REVISION_WAIT_MS;
    for (;;) {
      const current = await this.store.currentRevision();
      if (current >= requested) return;
      if (Date.now() >= deadline) throw this.tooLargeResourceVersion(requested, current);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private tooLargeResourceVersion(requested: number, current?: number): StatusError {
    return errors.timeout(`Too large resource version: ${requested}, current: ${current ?? 0}`, 1, [
      { reason: 'ResourceVersionTooLarge', message: 'Too large resource version' },
    ]);
  }
}

function parseRevision(rv: string): number {
  if (!/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
  return Number(rv);
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Equal once stored: the JSON without resourceVersion. */
function sameStoredForm(a: KubeObject, b: KubeObject): boolean {
  const stored = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return sameJson(stored(a), stored(b));
}
