// The tokens of one pod's serviceAccountToken projections (the kubelet's token manager): each is
// requested through TokenRequest bound to the pod, kept until 80% of its lifetime (or 24 hours)
// has passed, and kept on a failed refresh for as long as it is still valid.
import { ApiError, type ApiClient } from './api-client.js';
import type { Pod } from './pod-types.js';
import { DEFAULT_TOKEN_EXPIRATION_SECONDS, type ServiceAccountTokenSource } from './volumes.js';

/** What one TokenRequest answered. */
export interface IssuedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The lifetime the server granted (spec.expirationSeconds of the answer). */
  expirationSeconds: number;
}

export interface TokenRequestSpec {
  namespace: string;
  serviceAccountName: string;
  /** Empty: the API server's default audiences. */
  audiences: string[];
  expirationSeconds: number;
  pod: { name: string; uid: string };
}

/** Issues a token; rejects with the reason it could not. */
export type RequestToken = (spec: TokenRequestSpec) => Promise<IssuedToken>;

/** Every token is renewed at least daily, whatever its lifetime. */
export const MAX_TOKEN_AGE_MS = 24 * 60 * 60 * 1000;
/** Renewed once this share of the lifetime has passed. */
const REFRESH_AT_FRACTION = 0.8;

/** Whether a token is due for renewal at `now`: older than 80% of its lifetime, or than 24 hours. */
export function requiresRefresh(issued: IssuedToken, now: number): boolean {
  const lifetimeMs = issued.expirationSeconds * 1000;
  const issuedAt = issued.expiresAt - lifetimeMs;
  return now > issuedAt + MAX_TOKEN_AGE_MS || now > issuedAt + lifetimeMs * REFRESH_AT_FRACTION;
}

export const isExpired = (issued: IssuedToken, now: number) => now > issued.expiresAt;

/** The projections a pod's volumes ask for, keyed as the token source is asked. */
function projections(pod: Pod): Array<{ audience: string; expirationSeconds: number }> {
  const all = (pod.spec.volumes ?? []).flatMap((v) => v.projected?.sources ?? [])
    .flatMap((s) => (s.serviceAccountToken ? [s.serviceAccountToken] : []))
    .map((t) => ({ audience: t.audience ?? '', expirationSeconds: t.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS }));
  return all.filter((p, i) => all.findIndex((o) => o.audience === p.audience && o.expirationSeconds === p.expirationSeconds) === i);
}

export const hasTokenProjection = (pod: Pod) => projections(pod).length > 0;

const keyOf = (audience: string, expirationSeconds: number) => `${expirationSeconds}|${audience}`;

export class PodServiceAccountTokens {
  private readonly issued = new Map<string, IssuedToken>();
  /** Why a projection has no usable token (its last request failed). */
  private readonly failures = new Map<string, string>();

  constructor(private readonly request: RequestToken, private readonly now: () => number = Date.now) {}

  /** Whether any token the pod uses is missing or due for renewal. */
  due(pod: Pod): boolean {
    const now = this.now();
    return projections(pod).some((p) => {
      const held = this.issued.get(keyOf(p.audience, p.expirationSeconds));
      return !held || requiresRefresh(held, now);
    });
  }

  /** Requests every missing or due token; true when any token changed. */
  async refresh(pod: Pod): Promise<boolean> {
    let changed = false;
    for (const { audience, expirationSeconds } of projections(pod)) {
      const key = keyOf(audience, expirationSeconds);
      const held = this.issued.get(key);
      if (held && !requiresRefresh(held, this.now())) continue;
      try {
        this.issued.set(key, await this.request({
          namespace: pod.metadata.namespace ?? 'default', serviceAccountName: pod.spec.serviceAccountName ?? 'default',
          audiences: audience ? [audience] : [], expirationSeconds, pod: { name: pod.metadata.name!, uid: pod.metadata.uid! },
        }));
        this.failures.delete(key);
        changed = true;
      } catch (e) {
        this.failures.set(key, `failed to fetch token: ${failureReason(e)}`);
      }
    }
    return changed;
  }

  /** The volume payload's view: the held token, while it is still valid. */
  readonly source: ServiceAccountTokenSource = (audience, expirationSeconds) => {
    const key = keyOf(audience, expirationSeconds);
    const held = this.issued.get(key);
    if (held && !isExpired(held, this.now())) return held.token;
    throw new Error(this.failures.get(key) ?? 'failed to fetch token: no token requested yet');
  };
}

function failureReason(e: unknown): string {
  if (e instanceof ApiError) {
    const message = (e.status as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string') return message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** TokenRequest through the agent's client: POST serviceaccounts/<name>/token, bound to the pod. */
export function apiTokenRequester(client: ApiClient): RequestToken {
  return async (spec) => {
    const path = `/api/v1/namespaces/${encodeURIComponent(spec.namespace)}/serviceaccounts/${encodeURIComponent(spec.serviceAccountName)}/token`;
    const answer = await client.request('POST', path, { body: {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
      spec: {
        audiences: spec.audiences, expirationSeconds: spec.expirationSeconds,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: spec.pod.name, uid: spec.pod.uid },
      },
    } });
    return {
      token: answer.status.token,
      expiresAt: Date.parse(answer.status.expirationTimestamp),
      expirationSeconds: answer.spec?.expirationSeconds ?? spec.expirationSeconds,
    };
  };
}
