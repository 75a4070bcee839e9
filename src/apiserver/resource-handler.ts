// The generic verb handlers: HTTP in, registry call, object / list / Table / Status out.
// Nothing here knows a particular kind; everything kind-specific comes from its definition.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordRequestObject, responseObjectWanted } from '../audit/capture.js';
import type { UserInfo } from '../auth/user.js';
import { managerFromUserAgent } from '../machinery/managed-fields/update.js';
import type { KubeObject } from '../machinery/object.js';
import { acceptedPatchContentTypes, patchedUnknownFields, patchTypeFromContentType, strictPatchError, unknownFieldMessages, type PatchType } from '../machinery/patch/index.js';
import { pruneUnknownFields, unknownFields } from '../machinery/schema-fields.js';
import { errors } from '../machinery/status.js';
import { goQuote } from '../machinery/go-format.js';
import { validatePathSegmentName } from '../machinery/validation/names.js';
import type { ApiRegistry, ServedResource } from '../registry/api-registry.js';
import { listIsUnlimited, type DeleteOptions, type ListResult, type WriteOptions } from '../registry/generic-store.js';
import { apiVersionOf, type CustomHandler, type ResourceDefinition, type SubresourceDefinition } from '../resources/types.js';
import { checkTypeMeta, decodeObjectBody, mediaType, parseStructured, readBody, throwOnTypeMismatch } from './body.js';
import { ChunkedListWriter, ClientGoneError } from './list-stream.js';
import { parseListQuery, parseWriteQuery, type ListQuery, type WriteQuery } from './query.js';
import type { ResourceRequestInfo } from './request-info.js';
import { addWarnings, negotiateOutput, sendJsonBytes, sendObject, sendStatus, type OutputFormat } from './respond.js';
import { parseIncludeObject, toTable, wantsTable } from './table.js';
import { serveWatch } from './watch-stream.js';

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  info: ResourceRequestInfo;
  query: URLSearchParams;
  served: ServedResource;
  /** Who the request acts as (set by authentication/impersonation). */
  user?: UserInfo;
  /** Every served kind, handed to custom handlers. */
  registry?: ApiRegistry;
}

export async function handleResourceRequest(ctx: HandlerContext): Promise<void> {
  const { info, served } = ctx;
  if (info.name !== undefined) {
    const problems = validatePathSegmentName(info.name, false);
    if (problems.length) throw errors.badRequest(`Name parameter invalid: ${goQuote(info.name)}: ${problems.join(';')}`);
  }
  const subresource = resolveSubresource(served.def, info);
  if (!isVerbAllowed(served.def, info, subresource)) {
    throw errors.methodNotAllowed();
  }
  const custom = subresource ? subresource.custom : served.def.custom;
  if (custom) return handleCustom(ctx, custom, subresource);
  switch (info.verb) {
    case 'get': return handleGet(ctx);
    case 'list': return handleList(ctx);
    case 'watch': return handleWatch(ctx);
    case 'create': return handleCreate(ctx);
    case 'update': return handleUpdate(ctx, subresource);
    case 'patch': return handlePatch(ctx, subresource);
    case 'delete': return handleDelete(ctx);
    case 'deletecollection': return handleDeleteCollection(ctx);
  }
}

function resolveSubresource(def: ResourceDefinition<any>, info: ResourceRequestInfo): SubresourceDefinition | undefined {
  if (!info.subresource) return undefined;
  const sub = def.subresources.find((s) => s.name === info.subresource);
  if (!sub) throw errors.routeNotFound();
  return sub;
}

function isVerbAllowed(def: ResourceDefinition<any>, info: ResourceRequestInfo, sub: SubresourceDefinition | undefined): boolean {
  if (!def.namespaced && info.namespace !== undefined && info.resource !== 'namespaces') return false;
  const verbs: string[] = sub ? sub.verbs : def.verbs;
  if (sub && !sub.update && !sub.custom && info.verb !== 'get') return false;
  return verbs.includes(info.verb);
}

/** Kinds and subresources that answer requests with their own code (reviews, tokens, logs). */
async function handleCustom(ctx: HandlerContext, custom: CustomHandler, subresource: SubresourceDefinition | undefined): Promise<void> {
  const format = output(ctx);
  const { info, served } = ctx;
  if (!ctx.user) throw errors.unauthorized();
  let body: KubeObject | undefined;
  let dryRun = false;
  if ((info.verb === 'create' || info.verb === 'update') && !subresource?.connect) {
    const q = parseWriteQuery(ctx.query, info.verb === 'create' ? 'CreateOptions' : 'UpdateOptions');
    dryRun = q.dryRun;
    const bodyDef = subresource?.requestSchema && subresource.kind
      ? { ...served.def, kind: subresource.kind, group: subresource.group ?? served.def.group, version: subresource.version ?? served.def.version, schema: subresource.requestSchema }
      : served.def;
    const raw = await readBody(ctx.req);
    body = await decodeObjectBody(raw, ctx.req.headers['content-type'], bodyDef);
    recordRequestObject(ctx.res, body);
    if (mediaType(ctx.req.headers['content-type']) !== 'application/vnd.kubernetes.protobuf') checkFields(bodyDef, body, q.fieldValidation, []);
  }
  const answer = await custom({
    verb: info.verb, namespace: info.namespace, name: info.name, subresource: info.subresource,
    user: ctx.user, body, query: ctx.query, dryRun, http: { req: ctx.req, res: ctx.res }, registry: ctx.registry,
  });
  if ('streamed' in answer) return;
  addWarnings(ctx.res, answer.warnings ?? []);
  sendObject(ctx.res, answer.code, answer.body, format);
}

function namespaceOf(ctx: HandlerContext): string | undefined {
  return ctx.served.def.namespaced ? ctx.info.namespace : undefined;
}

function output(ctx: HandlerContext): OutputFormat {
  return negotiateOutput(ctx.req.headers.accept);
}

// ---- reads ------------------------------------------------------------------------------------

async function handleGet(ctx: HandlerContext): Promise<void> {
  const format = output(ctx);
  const read = await ctx.served.store.getSerialized(namespaceOf(ctx), ctx.info.name!, ctx.query.get('resourceVersion') ?? undefined);
  if (wantsTable(ctx.req.headers.accept)) {
    sendObject(ctx.res, 200, toTable(ctx.served.def, [read.object()], {}, parseIncludeObject(ctx.query.get('includeObject')), new Date()));
    return;
  }
  if (format === 'json') sendJsonBytes(ctx.res, 200, read.json, read.object);
  else sendObject(ctx.res, 200, read.object(), format);
}

async function handleList(ctx: HandlerContext): Promise<void> {
  const format = output(ctx);
  const q = parseListQuery(ctx.query, false);
  if (q.watch) return handleWatch(ctx);
  if (format === 'json' && !wantsTable(ctx.req.headers.accept) && listIsUnlimited(q) && !responseObjectWanted(ctx.res)) {
    return streamList(ctx, q);
  }
  // Limited lists hold at most their limit; Tables and YAML are built whole.
  const result = await ctx.served.store.list(namespaceOf(ctx), q);
  sendList(ctx, result, format);
}

async function streamList(ctx: HandlerContext, q: ListQuery): Promise<void> {
  const writer = new ChunkedListWriter(ctx.res, ctx.served.def.listKind, apiVersionOf(ctx.served.def));
  try {
    await ctx.served.store.listChunks(namespaceOf(ctx), q, (items, resourceVersion) => writer.write(items, resourceVersion));
  } catch (e) {
    if (e instanceof ClientGoneError) return;
    throw e;
  }
  writer.end();
}

function sendList(ctx: HandlerContext, result: ListResult, format: OutputFormat): void {
  const { def } = ctx.served;
  const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continueToken) meta.continue = result.continueToken;
  if (result.remainingItemCount !== undefined) meta.remainingItemCount = result.remainingItemCount;
  if (wantsTable(ctx.req.headers.accept)) {
    const listMeta = { resourceVersion: result.resourceVersion, continue: result.continueToken, remainingItemCount: result.remainingItemCount };
    sendObject(ctx.res, 200, toTable(def, result.items, listMeta, parseIncludeObject(ctx.query.get('includeObject')), new Date()));
    return;
  }
  // Items inside a list carry no kind/apiVersion, as kube-apiserver sends them.
  const items = result.items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  sendObject(ctx.res, 200, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: meta, items }, format);
}

async function handleWatch(ctx: HandlerContext): Promise<void> {
  const q = parseListQuery(ctx.query, true);
  if (ctx.info.name) {
    // A watch on a named URL watches that one object.
    const byName = `metadata.name=${ctx.info.name}`;
    const { parseFieldSelector } = await import('../machinery/selectors/field-selector.js');
    q.fields = parseFieldSelector(q.fields && !q.fields.empty ? `${q.fields.toString()},${byName}` : byName);
  }
  await serveWatch(ctx, namespaceOf(ctx), q);
}

// ---- writes -----------------------------------------------------------------------------------

/** Applies fieldValidation to a decoded object: Strict fails, Warn warns, every mode drops the unknown fields. */
function checkFields(def: ResourceDefinition<any>, obj: unknown, mode: WriteQuery['fieldValidation'], warnings: string[]): void {
  const unknown = unknownFields(def.schema, obj);
  if (!unknown.length) return;
  if (mode === 'Strict') {
    throw errors.badRequest(
      `${def.kind} in version "${apiVersionOf(def)}" cannot be handled as a ${def.kind}: strict decoding error: ${unknown.map((f: string) => `unknown field "${f}"`).join(', ')}`,
    );
  }
  if (mode === 'Warn') for (const f of unknown) warnings.push(`unknown field "${f}"`);
  pruneUnknownFields(def.schema, obj);
}

/** fieldValidation on a patched object: Strict failures are a 422 on field `patch`, as Kubernetes answers. */
function checkPatchedFields(
  def: ResourceDefinition<any>, type: PatchType, patch: unknown, patched: KubeObject, mode: WriteQuery['fieldValidation'], warnings: string[],
): void {
  const unknown = patchedUnknownFields(type, def.schema, patched);
  if (!unknown.length) return;
  if (mode === 'Strict') throw strictPatchError(type, patch, patched, unknown);
  if (mode === 'Warn') warnings.push(...unknownFieldMessages(type, unknown));
  pruneUnknownFields(def.schema, patched);
}

function writeOptions(ctx: HandlerContext, q: WriteQuery): WriteOptions {
  return {
    dryRun: q.dryRun,
    fieldManager: q.fieldManager ?? managerFromUserAgent(String(ctx.req.headers['user-agent'] ?? '')),
    warnings: [],
    user: ctx.user,
  };
}

async function decodeWriteBody(ctx: HandlerContext, q: WriteQuery, warnings: string[]): Promise<KubeObject> {
  const body = await readBody(ctx.req);
  const obj = await decodeObjectBody(body, ctx.req.headers['content-type'], ctx.served.def);
  recordRequestObject(ctx.res, obj);
  if (mediaType(ctx.req.headers['content-type']) !== 'application/vnd.kubernetes.protobuf') {
    checkFields(ctx.served.def, obj, q.fieldValidation, warnings);
  }
  return obj;
}

async function handleCreate(ctx: HandlerContext): Promise<void> {
  const format = output(ctx);
  const q = parseWriteQuery(ctx.query, 'CreateOptions');
  const options = writeOptions(ctx, q);
  const obj = await decodeWriteBody(ctx, q, options.warnings!);
  const result = await ctx.served.store.create(namespaceOf(ctx), obj, { ...options, consumeBody: true });
  addWarnings(ctx.res, result.warnings);
  sendObject(ctx.res, 201, result.object, format);
}

async function handleUpdate(ctx: HandlerContext, subresource: SubresourceDefinition | undefined): Promise<void> {
  const format = output(ctx);
  const q = parseWriteQuery(ctx.query, 'UpdateOptions');
  const options = writeOptions(ctx, q);
  const obj = await decodeWriteBody(ctx, q, options.warnings!);
  const name = ctx.info.name!;
  if (obj.metadata.name && obj.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  }
  const result = await ctx.served.store.update(namespaceOf(ctx), name, obj, options, subresource);
  addWarnings(ctx.res, result.warnings);
  sendObject(ctx.res, result.created ? 201 : 200, result.object, format);
}

async function handlePatch(ctx: HandlerContext, subresource: SubresourceDefinition | undefined): Promise<void> {
  const format = output(ctx);
  const { def } = ctx.served;
  const type = patchTypeFromContentType(ctx.req.headers['content-type'] ?? '');
  if (!type) throw errors.unsupportedMediaType(acceptedPatchContentTypes);
  const q = parseWriteQuery(ctx.query, 'PatchOptions', type === 'apply');
  const options = writeOptions(ctx, q);
  const text = (await readBody(ctx.req)).toString('utf8');
  const patch = parseStructured(text, type === 'apply' ? 'yaml' : 'json', def);
  recordRequestObject(ctx.res, patch);
  let result;
  if (type === 'apply') {
    const applied = checkTypeMeta(patch, def);
    throwOnTypeMismatch(applied, def);
    checkFields(def, applied, q.fieldValidation, options.warnings!);
    result = await ctx.served.store.patch(namespaceOf(ctx), ctx.info.name!, 'apply', applied, { ...options, force: q.force });
  } else {
    result = await ctx.served.store.patch(namespaceOf(ctx), ctx.info.name!, type, patch, {
      ...options,
      checkPatched: (obj: KubeObject) => {
        throwOnTypeMismatch(obj, def);
        checkPatchedFields(def, type, patch, obj, q.fieldValidation, options.warnings!);
      },
    }, subresource);
  }
  addWarnings(ctx.res, result.warnings);
  sendObject(ctx.res, result.created ? 201 : 200, result.object, format);
}

/** DeleteOptions from the body (optional) and the query. */
async function deleteOptions(ctx: HandlerContext): Promise<DeleteOptions> {
  const body = await readBody(ctx.req);
  let opts: Record<string, any> = {};
  if (body.length) {
    const parsed = parseStructured(body.toString('utf8'), mediaType(ctx.req.headers['content-type']) === 'application/yaml' ? 'yaml' : 'json', ctx.served.def);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) opts = parsed as Record<string, any>;
  }
  const dryRun: string[] = [...(Array.isArray(opts.dryRun) ? opts.dryRun : []), ...ctx.query.getAll('dryRun')];
  if (dryRun.some((v) => v !== 'All')) {
    throw errors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      { type: 'FieldValueNotSupported', field: 'dryRun', body: `Unsupported value: []string{${dryRun.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"` },
    ]);
  }
  const policy = opts.propagationPolicy ?? ctx.query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    throw errors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      { type: 'FieldValueNotSupported', field: 'propagationPolicy', body: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"` },
    ]);
  }
  const grace = opts.gracePeriodSeconds ?? ctx.query.get('gracePeriodSeconds') ?? undefined;
  const gracePeriodSeconds = grace === undefined || grace === null || grace === '' ? undefined : Number(grace);
  return { dryRun: dryRun.includes('All'), preconditions: opts.preconditions ?? undefined, gracePeriodSeconds };
}

async function handleDelete(ctx: HandlerContext): Promise<void> {
  const format = output(ctx);
  const options = await deleteOptions(ctx);
  const result = await ctx.served.store.delete(namespaceOf(ctx), ctx.info.name!, options);
  if (result.object) sendObject(ctx.res, 200, result.object, format);
  else sendStatus(ctx.res, result.status!, format);
}

async function handleDeleteCollection(ctx: HandlerContext): Promise<void> {
  const format = output(ctx);
  const q = parseListQuery(ctx.query, false);
  const options = await deleteOptions(ctx);
  const result = await ctx.served.store.deleteCollection(namespaceOf(ctx), q, options);
  sendList(ctx, result, format);
}
