// The encryption admin endpoints `arca secrets rotate-key` drives on a running server:
//   POST /arca/admin/encryption/reload  → loads the encryption configuration file again;
//                                          answers {"configSha256": "<hex of the file loaded>"}
//   GET  /arca/admin/encryption/stale   → the Secrets whose stored value is not written with
//                                          the current write key: {"items":[{"namespace","name"}]}
// Only cluster administrators (group system:masters) may call them. An HTTP endpoint rather than
// SIGHUP: the caller learns whether the reload worked and which file was loaded, and the stale
// scan must run inside the server, which holds the database's exclusive lock.
import type { IncomingMessage } from 'node:http';
import type { PathHandler } from '../apiserver/server.js';
import { sendObject } from '../apiserver/respond.js';
import type { UserInfo } from '../auth/user.js';
import { errors } from '../machinery/status.js';
import type { Store } from '../storage/interface.js';
import type { ReloadableTransformer } from './reloadable-transformer.js';

export const RELOAD_PATH = '/arca/admin/encryption/reload';
export const STALE_PATH = '/arca/admin/encryption/stale';

const SECRETS_PREFIX = '/registry/secrets/';
const PAGE = 500;

export interface StaleObject { namespace: string; name: string }

export function encryptionAdminHandler(
  transformer: ReloadableTransformer, store: Store, authenticate: (req: IncomingMessage) => UserInfo | undefined,
): PathHandler {
  return async (req, res, url) => {
    const route = url.pathname === RELOAD_PATH ? { method: 'POST', verb: 'post' } : url.pathname === STALE_PATH ? { method: 'GET', verb: 'get' } : undefined;
    if (!route) return false;
    const user = authenticate(req);
    if (!user?.groups.includes('system:masters')) {
      throw errors.forbiddenPath(`forbidden: User "${user?.username ?? 'system:anonymous'}" cannot ${(req.method ?? '').toLowerCase()} path "${url.pathname}"`);
    }
    if (req.method !== route.method) throw errors.methodNotAllowed();
    if (url.pathname === RELOAD_PATH) {
      sendObject(res, 200, { configSha256: await transformer.reload() });
    } else {
      sendObject(res, 200, { items: await staleSecrets(transformer, store) });
    }
    return true;
  };
}

/** Every Secret whose stored bytes the current configuration would write differently. */
export async function staleSecrets(transformer: ReloadableTransformer, store: Store): Promise<StaleObject[]> {
  const stale: StaleObject[] = [];
  let startKey: string | undefined;
  for (;;) {
    const page = await store.list(SECRETS_PREFIX, { limit: PAGE, startKey });
    for (const kv of page.items) {
      if (!transformer.needsRewrite(kv.value, kv.key)) continue;
      const [namespace, name] = kv.key.slice(SECRETS_PREFIX.length).split('/');
      stale.push({ namespace: namespace!, name: name! });
    }
    if (!page.more || page.items.length === 0) return stale;
    startKey = `${page.items[page.items.length - 1]!.key}\0`;
  }
}
