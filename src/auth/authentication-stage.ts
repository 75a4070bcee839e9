// Authentication: the first authenticator that recognizes the request names the user.
// Unrecognized requests are anonymous when allowed, else 401 (public paths excepted).
import type { IncomingMessage } from 'node:http';
import { PUBLIC_PATHS, type Stage } from '../apiserver/pipeline.js';
import { errors } from '../machinery/status.js';
import { ANONYMOUS, type UserInfo } from './user.js';

/** Returns the user, undefined when it does not apply, or throws 401 for presented-but-bad credentials. */
export type Authenticator = (req: IncomingMessage) => UserInfo | undefined | Promise<UserInfo | undefined>;

export function authenticationStage(authenticators: Authenticator[], opts: { anonymous: boolean }): Stage {
  return async (ctx) => {
    for (const authenticate of authenticators) {
      const user = await authenticate(ctx.req);
      if (user) {
        ctx.user = user;
        return;
      }
    }
    if (opts.anonymous || PUBLIC_PATHS.has(ctx.path)) {
      ctx.user = ANONYMOUS;
      return;
    }
    throw errors.unauthorized();
  };
}

/** `arca server` (plain HTTP, loopback only): kubectl sends no credentials there, so every caller is the local admin. */
export const LOCAL_ADMIN: UserInfo = { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] };

export const localAdminStage: Stage = (ctx) => { ctx.user = LOCAL_ADMIN; };
