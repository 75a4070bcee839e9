// The request pipeline as a list of stages, so the order reads in one place:
// authenticate → audit → impersonate → authorize → handler. A stage sets what it learns on the
// context or throws a Status error; the handler runs only when every stage passed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditSlot } from '../audit/capture.js';
import type { UserInfo } from '../auth/user.js';
import type { RequestInfo } from './request-info.js';
import type { RequestUrl } from './request-url.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: RequestUrl;
  /** The decoded path. */
  path: string;
  info: RequestInfo;
  /** Who the request acts as (after impersonation); set by authentication. */
  user?: UserInfo;
  /** Who actually sent it, when impersonating. */
  impersonatedBy?: UserInfo;
  /** Called once with the final HTTP status when the response is complete (audit). */
  onComplete: ((status: number) => void)[];
  /** Set by the audit stage when the request is audited: bodies and annotations for its events. */
  audit?: AuditSlot;
}

export type Stage = (ctx: RequestContext) => void | Promise<void>;

/** Paths anyone may read without credentials, as Kubernetes' system:public-info-viewer allows. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/healthz', '/livez', '/readyz', '/version']);

export async function runStages(stages: readonly Stage[], ctx: RequestContext): Promise<void> {
  for (const stage of stages) await stage(ctx);
}
