// Authorization: the request's attributes (verb, group, resource, subresource, name, namespace,
// or path and lower-case HTTP verb) are put to the authorizer; a denial is a 403 worded as
// Kubernetes words it.
import type { RequestContext, Stage } from '../apiserver/pipeline.js';
import { parseFieldSelector, type FieldRequirement } from '../machinery/selectors/field-selector.js';
import { errors } from '../machinery/status.js';
import { forbiddenError } from './forbidden.js';
import type { Attributes, Authorize } from './rbac/types.js';

export function requestAttributes(ctx: RequestContext): Attributes | undefined {
  const user = ctx.user;
  if (!user) return undefined;
  const info = ctx.info;
  if (!info.isResourceRequest) return { user, isResourceRequest: false, verb: info.verb, path: info.path };
  // As kube-apiserver's RequestInfo: a list or watch of one name (fieldSelector metadata.name=x) is
  // authorized for that name, so resourceNames rules allow `kubectl get secret x -w`.
  const collectionRead = info.verb === 'list' || info.verb === 'watch';
  const fieldSelector = ctx.url.searchParams.get('fieldSelector');
  const name = info.name ?? (collectionRead ? selectedName(fieldSelector) : undefined);
  return {
    user, isResourceRequest: true, verb: info.verb, apiGroup: info.group, apiVersion: info.version,
    resource: info.resource, subresource: info.subresource, name, namespace: info.namespace,
    ...(collectionRead && fieldSelector ? { fieldSelector: selectorRequirements(fieldSelector) } : {}),
  };
}

/** The name an exact `metadata.name=` (or `==`) term of a field selector requires, if any. */
export function selectedName(fieldSelector: string | null): string | undefined {
  for (const term of (fieldSelector ?? '').split(',')) {
    const match = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (match) return match[1];
  }
  return undefined;
}

/** The selector's terms; one that does not parse restricts nothing here (the handler rejects it). */
export function selectorRequirements(fieldSelector: string): readonly FieldRequirement[] {
  try {
    return parseFieldSelector(fieldSelector).requirements;
  } catch {
    return [];
  }
}

export function authorizationStage(authorize: Authorize): Stage {
  return (ctx) => {
    const attributes = requestAttributes(ctx);
    if (!attributes) throw errors.internal('no user found for request');
    const decision = authorize(attributes);
    if (!decision.allowed) throw forbiddenError(attributes, decision.reason);
  };
}
