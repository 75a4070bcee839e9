// The audit stage: after authentication, it decides the request's audit level from the policy,
// gives it an Audit-ID, writes its RequestReceived event (failing the request in blocking-strict
// mode when that record cannot be stored, before anything ran) and, when the response is done,
// its ResponseComplete event (watches also get ResponseStarted when their headers go out).
// Events are audit.k8s.io/v1 Events with kube-apiserver's field order.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext, Stage } from '../apiserver/pipeline.js';
import type { UserInfo } from '../auth/user.js';
import { errors } from '../machinery/status.js';
import { attachAuditSlot, type AuditSlot } from './capture.js';
import type { AuditBackend } from './log-backend.js';
import { evaluatePolicy, type AuditAttributes, type AuditLevel, type AuditPolicy, type AuditStage, type RequestAuditConfig } from './policy.js';
import { redactSecrets } from './redact.js';

export interface AuditStageOptions {
  policy: AuditPolicy;
  backend: AuditBackend;
  /** Keys the HMACs that replace Secret values. */
  hmacKey: Buffer;
  now?: () => Date;
}

export interface ObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: AuditLevel;
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: UserInfo;
  impersonatedUser?: UserInfo;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: ObjectReference;
  responseStatus?: Record<string, unknown>;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

const LEVEL_ORDER: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];
const atLeast = (level: AuditLevel, wanted: AuditLevel) => LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(wanted);

export function auditStage(options: AuditStageOptions): Stage {
  const now = options.now ?? (() => new Date());
  return (ctx) => {
    const auditID = headerValue(ctx.req, 'audit-id') || randomUUID();
    ctx.res.setHeader('Audit-Id', auditID);
    const attrs = auditAttributes(ctx);
    const config = evaluatePolicy(options.policy, attrs);
    if (config.level === 'None') return;

    const slot: AuditSlot = { copyRequest: atLeast(config.level, 'Request'), keepResponse: atLeast(config.level, 'RequestResponse'), annotations: {} };
    ctx.audit = slot;
    attachAuditSlot(ctx.res, slot);
    const request = { ctx, config, auditID, received: now(), slot, hmacKey: options.hmacKey };
    const emit = (stage: AuditStage, status?: number) => {
      if (config.omitStages.includes(stage)) return true;
      return options.backend.process(buildEvent(request, stage, now(), status));
    };

    if (!emit('RequestReceived') && options.backend.strict) throw errors.internal('failed to store audit event');
    if (ctx.info.verb === 'watch') onHeadersSent(ctx.res, (code) => emit('ResponseStarted', code));
    let completed = false;
    const complete = (status: number) => {
      if (completed) return;
      completed = true;
      emit('ResponseComplete', status);
    };
    ctx.onComplete.push(complete);
    ctx.res.once('close', () => complete(ctx.res.statusCode)); // aborted watches never 'finish'
  };
}

interface AuditedRequest {
  ctx: RequestContext;
  config: RequestAuditConfig;
  auditID: string;
  received: Date;
  slot: AuditSlot;
  hmacKey: Buffer;
}

/** One event of the request at `stage`; `status` is the HTTP code once a response exists. */
export function buildEvent(r: AuditedRequest, stage: AuditStage, at: Date, status: number | undefined): AuditEvent {
  const { ctx, config, slot } = r;
  // Impersonation runs after this stage: when it happened, ctx.user is the impersonated user.
  const user = ctx.impersonatedBy ?? ctx.user!;
  const agent = headerValue(ctx.req, 'user-agent');
  const objectRef = objectReference(ctx, slot.requestObject);
  const event: AuditEvent = {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: config.level, auditID: r.auditID, stage,
    requestURI: ctx.req.url ?? '/', verb: ctx.info.verb, user: userInfo(user),
    ...(ctx.impersonatedBy && ctx.user ? { impersonatedUser: userInfo(ctx.user) } : {}),
    sourceIPs: sourceIPs(ctx.req),
    ...(agent ? { userAgent: agent } : {}),
    ...(objectRef ? { objectRef } : {}),
    ...(status !== undefined ? { responseStatus: responseStatus(status, slot.responseObject) } : {}),
    requestReceivedTimestamp: '',
    stageTimestamp: '',
  };
  const isSecretRequest = ctx.info.isResourceRequest && ctx.info.group === '' && ctx.info.resource === 'secrets';
  if (atLeast(config.level, 'Request') && slot.requestObject !== undefined) {
    event.requestObject = prepareBody(slot.requestObject, r, isSecretRequest);
  }
  if (atLeast(config.level, 'RequestResponse') && status !== undefined && stage !== 'ResponseStarted' && ctx.info.verb !== 'watch' && slot.responseObject !== undefined) {
    event.responseObject = prepareBody(slot.responseObject, r, false);
  }
  // Re-added so the timestamps follow the bodies, in the Event's field order.
  delete (event as Partial<AuditEvent>).requestReceivedTimestamp;
  delete (event as Partial<AuditEvent>).stageTimestamp;
  event.requestReceivedTimestamp = microTime(r.received);
  event.stageTimestamp = microTime(at);
  if (Object.keys(slot.annotations).length) event.annotations = { ...slot.annotations };
  return event;
}

function prepareBody(body: unknown, r: AuditedRequest, isSecretRequest: boolean): unknown {
  const redacted = redactSecrets(body, r.hmacKey, isSecretRequest);
  return r.config.omitManagedFields ? withoutManagedFields(redacted) : redacted;
}

/** What the policy matches on, from the authenticated (not yet impersonated) user. */
export function auditAttributes(ctx: RequestContext): AuditAttributes {
  const user = ctx.user ?? { username: '', groups: [] };
  const { info } = ctx;
  if (!info.isResourceRequest) return { user, verb: info.verb, isResourceRequest: false, path: info.path };
  return {
    user, verb: info.verb, isResourceRequest: true, path: info.path,
    apiGroup: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name,
  };
}

function objectReference(ctx: RequestContext, requestObject: unknown): ObjectReference | undefined {
  const { info } = ctx;
  if (!info.isResourceRequest) return undefined;
  const meta = isRecord(requestObject) && isRecord(requestObject.metadata) ? requestObject.metadata : {};
  const ref: ObjectReference = { resource: info.resource };
  const namespace = info.namespace ?? stringOf(meta.namespace);
  if (namespace) ref.namespace = namespace;
  const name = info.name ?? stringOf(meta.name);
  if (name) ref.name = name;
  if (stringOf(meta.uid)) ref.uid = stringOf(meta.uid);
  if (info.group) ref.apiGroup = info.group;
  ref.apiVersion = info.version;
  if (stringOf(meta.resourceVersion)) ref.resourceVersion = stringOf(meta.resourceVersion);
  if (info.subresource) ref.subresource = info.subresource;
  return ref;
}

/** The HTTP code, and a Status answer's bounded fields (kube-apiserver copies no more of it). */
function responseStatus(code: number, responseObject: unknown): Record<string, unknown> {
  const status: Record<string, unknown> = { metadata: {} };
  if (isRecord(responseObject) && responseObject.kind === 'Status') {
    for (const field of ['status', 'message', 'reason', 'details'] as const) {
      if (responseObject[field] !== undefined && responseObject[field] !== '') status[field] = responseObject[field];
    }
  }
  status.code = code;
  return status;
}

function userInfo(user: UserInfo): UserInfo {
  return {
    username: user.username,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
  };
}

/** X-Forwarded-For, then X-Real-Ip, then the peer, without repeats (utilnet.SourceIPs). */
export function sourceIPs(req: IncomingMessage): string[] {
  const ips: string[] = [];
  const forwarded = headerValue(req, 'x-forwarded-for');
  if (forwarded) for (const part of forwarded.split(',')) if (part.trim()) ips.push(part.trim());
  const realIp = headerValue(req, 'x-real-ip')?.trim();
  if (realIp && !ips.includes(realIp)) ips.push(realIp);
  let remote = req.socket.remoteAddress ?? '';
  if (remote.startsWith('::ffff:')) remote = remote.slice(7);
  if (remote && !ips.includes(remote)) ips.push(remote);
  return ips;
}

/** metav1.MicroTime: RFC 3339 in UTC with six fractional digits. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function onHeadersSent(res: ServerResponse, callback: (code: number) => void): void {
  const writeHead = res.writeHead;
  let sent = false;
  const patched = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    const result = writeHead.apply(this, args);
    if (!sent) { sent = true; callback(res.statusCode); }
    return result;
  };
  res.writeHead = patched as ServerResponse['writeHead'];
}

function withoutManagedFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutManagedFields);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'metadata' && isRecord(v) && 'managedFields' in v) {
      const { managedFields: _dropped, ...rest } = v;
      out[k] = rest;
    } else {
      out[k] = withoutManagedFields(v);
    }
  }
  return out;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
