// Impersonation (apiserver's WithImpersonation): Impersonate-User / -Group / -Uid / -Extra-<key>
// headers make the request act as someone else, once the real user is authorized to `impersonate`
// each requested user, service account, group, uid and extra value.
import type { Stage } from '../apiserver/pipeline.js';
import { errors } from '../machinery/status.js';
import { forbiddenError } from './forbidden.js';
import type { ResourceAttributes, Authorize } from './rbac/types.js';
import { serviceAccountGroups, serviceAccountUsername, splitServiceAccountUsername } from './service-account-claims.js';
import type { UserInfo } from './user.js';

const AUTHENTICATION_GROUP = 'authentication.k8s.io';
const IMPERSONATE_PREFIX = 'impersonate-';
const EXTRA_PREFIX = 'impersonate-extra-';

/** One thing the real user asks to act as. */
export type ImpersonationRequest =
  | { kind: 'User'; name: string }
  | { kind: 'ServiceAccount'; namespace: string; name: string }
  | { kind: 'Group'; name: string }
  | { kind: 'UserExtra'; key: string; value: string }
  | { kind: 'UID'; uid: string };

/** The requests the headers make, in upstream's order; throws when groups/extra/uid come without a user. */
export function impersonationRequests(distinct: Record<string, string[] | undefined>): ImpersonationRequest[] {
  const requests: ImpersonationRequest[] = [];
  const user = distinct['impersonate-user']?.[0] ?? '';
  if (user) {
    const sa = splitServiceAccountUsername(user);
    requests.push(sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: user });
  }
  const groups = distinct['impersonate-group'] ?? [];
  for (const name of groups) requests.push({ kind: 'Group', name });
  let hasExtra = false;
  for (const [header, values] of Object.entries(distinct)) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(header.slice(EXTRA_PREFIX.length).toLowerCase());
    for (const value of values ?? []) requests.push({ kind: 'UserExtra', key, value });
  }
  const uid = distinct['impersonate-uid']?.[0] ?? '';
  if (uid) requests.push({ kind: 'UID', uid });
  if ((groups.length || hasExtra || uid) && !user) {
    throw errors.internal('requested impersonation of groups, extra or uid without impersonating a user');
  }
  return requests;
}

/** Extra keys are percent-encoded in header names (RFC 7230 allows few characters there). */
function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** What the real user must be allowed to `impersonate` for one request. */
export function impersonationAttributes(requestor: UserInfo, request: ImpersonationRequest): ResourceAttributes {
  const base = { user: requestor, isResourceRequest: true as const, verb: 'impersonate', apiGroup: '' };
  switch (request.kind) {
    case 'User': return { ...base, resource: 'users', name: request.name };
    case 'ServiceAccount': return { ...base, resource: 'serviceaccounts', namespace: request.namespace, name: request.name };
    case 'Group': return { ...base, resource: 'groups', name: request.name };
    case 'UserExtra': return { ...base, apiGroup: AUTHENTICATION_GROUP, resource: 'userextras', subresource: request.key, name: request.value };
    case 'UID': return { ...base, apiGroup: AUTHENTICATION_GROUP, resource: 'uids', name: request.uid };
  }
}

/** The user the requests describe, with the groups Kubernetes adds. */
export function impersonatedUser(requests: readonly ImpersonationRequest[], groupsSpecified: boolean): UserInfo {
  let username = '';
  let uid: string | undefined;
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    if (r.kind === 'User') username = r.name;
    else if (r.kind === 'ServiceAccount') {
      username = serviceAccountUsername(r.namespace, r.name);
      if (!groupsSpecified) groups = serviceAccountGroups(r.namespace);
    } else if (r.kind === 'Group') groups.push(r.name);
    else if (r.kind === 'UserExtra') (extra[r.key] ??= []).push(r.value);
    else uid = r.uid;
  }
  if (username !== 'system:anonymous') {
    if (!groups.includes('system:authenticated') && !groups.includes('system:unauthenticated')) groups.push('system:authenticated');
  } else if (!groups.includes('system:unauthenticated')) {
    groups.push('system:unauthenticated');
  }
  const user: UserInfo = { username, groups };
  if (uid) user.uid = uid;
  if (Object.keys(extra).length) user.extra = extra;
  return user;
}

/**
 * Whether any header names impersonation. Node builds `headersDistinct` afresh on every access,
 * which showed in GET profiles, so requests without such a header (nearly all) skip it.
 */
export function hasImpersonationHeader(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length > IMPERSONATE_PREFIX.length && name.slice(0, IMPERSONATE_PREFIX.length).toLowerCase() === IMPERSONATE_PREFIX) return true;
  }
  return false;
}

export function impersonationStage(authorize: Authorize): Stage {
  return (ctx) => {
    if (!hasImpersonationHeader(ctx.req.rawHeaders)) return;
    const distinct = ctx.req.headersDistinct as Record<string, string[] | undefined>;
    const requests = impersonationRequests(distinct);
    if (!requests.length) return;
    const requestor = ctx.user;
    if (!requestor) throw errors.internal('no user found for request');
    for (const request of requests) {
      const attributes = impersonationAttributes(requestor, request);
      const decision = authorize(attributes);
      if (!decision.allowed) throw forbiddenError(attributes, decision.reason);
    }
    ctx.impersonatedBy = requestor;
    ctx.user = impersonatedUser(requests, (distinct['impersonate-group'] ?? []).length > 0);
  };
}
