// The 403 of an authorization denial (apiserver's responsewriters.Forbidden): who cannot do what,
// where — plus the authorizer's reason when it gave one.
import { goQuote } from '../machinery/go-format.js';
import { errors, type StatusError } from '../machinery/status.js';
import type { Attributes } from './rbac/types.js';

export function forbiddenMessage(attributes: Attributes): string {
  const user = goQuote(attributes.user.username);
  if (!attributes.isResourceRequest) return `User ${user} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const head = `User ${user} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.apiGroup)}`;
  return attributes.namespace ? `${head} in the namespace ${goQuote(attributes.namespace)}` : `${head} at the cluster scope`;
}

export function forbiddenError(attributes: Attributes, reason: string): StatusError {
  const message = reason ? `${forbiddenMessage(attributes)}: ${reason}` : forbiddenMessage(attributes);
  if (!attributes.isResourceRequest) return errors.forbiddenPath(`forbidden: ${message}`);
  return errors.forbidden({ group: attributes.apiGroup, resource: attributes.resource }, attributes.name ?? '', message);
}
