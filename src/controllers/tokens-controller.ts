// Legacy service account token Secrets (type kubernetes.io/service-account-token), as
// kube-controller-manager's tokens controller keeps them: fill in data.token (a non-expiring JWT),
// data["ca.crt"], data.namespace and the service account UID annotation; delete the Secret when
// its service account is gone (or is another one by the same name).
import type { KubeObject } from '../machinery/object.js';
import { parseFieldSelector } from '../machinery/selectors/field-selector.js';
import { StatusError, unlessNotFound } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { legacyTokenClaims } from '../auth/service-account-claims.js';
import { signJwt, type SigningKey } from '../auth/service-account-jwt.js';
import { inform, WorkQueue, type Informer } from './informer.js';

export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SERVICE_ACCOUNT_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
const MANAGER = 'kube-controller-manager';

export interface TokensControllerOptions {
  key: SigningKey;
  caPem: string;
  log: (m: string) => void;
}

/** Queue keys: `secret/<ns>/<name>` to sync a token Secret, `sa/<ns>/<name>/<uid>` for a deleted service account. */
export function startTokensController(registry: ApiRegistry, opts: TokensControllerOptions): Informer[] {
  const queue = new WorkQueue(
    (key) => {
      const [what, namespace, name, uid] = key.split('/') as [string, string, string, string | undefined];
      return what === 'secret' ? syncTokenSecret(registry, opts, namespace, name) : deleteTokensOf(registry, namespace, name, uid ?? '');
    },
    (key, err) => opts.log(`tokens controller: ${key}: ${String(err)}`),
  );
  const onError = (err: unknown) => opts.log(`tokens controller: ${String(err)}`);
  return [
    inform(registry.kind('', 'Secret'), { fields: parseFieldSelector(`type=${SERVICE_ACCOUNT_TOKEN_TYPE}`) }, (type, secret) => {
      if (type !== 'DELETED') queue.add(`secret/${secret.metadata.namespace}/${secret.metadata.name}`);
    }, onError),
    inform(registry.kind('', 'ServiceAccount'), {}, (type, sa) => {
      if (type === 'DELETED') queue.add(`sa/${sa.metadata.namespace}/${sa.metadata.name}/${sa.metadata.uid ?? ''}`);
    }, onError),
  ];
}

/** Whether a token Secret belongs to this service account: same name, and same UID when it records one. */
export function isTokenOf(secret: KubeObject, sa: { name: string; uid: string }): boolean {
  const annotations = secret.metadata.annotations ?? {};
  const uid = annotations[SERVICE_ACCOUNT_UID_ANNOTATION];
  return annotations[SERVICE_ACCOUNT_NAME_ANNOTATION] === sa.name && (!uid || uid === sa.uid);
}

/** The token Secret with what it still lacks filled in (base64 data, annotations), or undefined when complete. */
export async function completedTokenSecret(
  secret: KubeObject, sa: { namespace: string; name: string; uid: string }, caPem: string, token: () => Promise<string>,
): Promise<KubeObject | undefined> {
  const data = { ...(secret.data as Record<string, string> | undefined) };
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const needsCa = data['ca.crt'] !== b64(caPem);
  const needsNamespace = !data.namespace;
  const needsToken = !data.token;
  if (!needsCa && !needsNamespace && !needsToken) return undefined;
  const annotations = { ...secret.metadata.annotations };
  if (needsCa) data['ca.crt'] = b64(caPem);
  if (needsNamespace) data.namespace = b64(sa.namespace);
  if (needsToken) {
    data.token = b64(await token());
    annotations[SERVICE_ACCOUNT_NAME_ANNOTATION] = sa.name;
    annotations[SERVICE_ACCOUNT_UID_ANNOTATION] = sa.uid;
  }
  return { ...secret, metadata: { ...secret.metadata, annotations }, data };
}

async function syncTokenSecret(registry: ApiRegistry, opts: TokensControllerOptions, namespace: string, name: string): Promise<void> {
  const secrets = registry.kind('', 'Secret').store;
  const secret = await unlessNotFound(() => secrets.get(namespace, name));
  if (!secret || secret.type !== SERVICE_ACCOUNT_TOKEN_TYPE || secret.metadata.deletionTimestamp) return;
  const saName = secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? '';
  const sa = await unlessNotFound(() => registry.kind('', 'ServiceAccount').store.get(namespace, saName));
  if (!sa || !isTokenOf(secret, { name: sa.metadata.name ?? '', uid: sa.metadata.uid ?? '' })) {
    await deleteSecret(registry, secret);
    return;
  }
  const account = { namespace, name: sa.metadata.name ?? '', uid: sa.metadata.uid ?? '' };
  const updated = await completedTokenSecret(secret, account, opts.caPem, () => signJwt(opts.key, legacyTokenClaims(account, name)));
  if (!updated) return;
  await secrets.update(namespace, name, updated, { dryRun: false, fieldManager: MANAGER });
}

async function deleteTokensOf(registry: ApiRegistry, namespace: string, name: string, uid: string): Promise<void> {
  const listed = await registry.kind('', 'Secret').store.list(namespace, { fields: parseFieldSelector(`type=${SERVICE_ACCOUNT_TOKEN_TYPE}`) });
  for (const secret of listed.items) {
    if (isTokenOf(secret, { name, uid })) await deleteSecret(registry, secret);
  }
}

async function deleteSecret(registry: ApiRegistry, secret: KubeObject): Promise<void> {
  try {
    await registry.kind('', 'Secret').store.delete(secret.metadata.namespace, secret.metadata.name!, {
      dryRun: false, preconditions: { uid: secret.metadata.uid },
    });
  } catch (e) {
    // Already gone, or replaced by a new Secret of the same name (its own sync decides).
    if (e instanceof StatusError && (e.reason === 'NotFound' || e.reason === 'Conflict')) return;
    throw e;
  }
}

