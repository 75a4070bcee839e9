// Everything bearer tokens need on one server: the service-account signing key, the token file,
// the TokenRequest and TokenReview handlers, the authenticators, and the two controllers that keep
// service accounts and legacy token Secrets. Built before the registry (its kinds need the
// handlers), started once the registry exists.
import type { Authenticator } from '../auth/authentication-stage.js';
import { bearerTokenAuthenticator } from '../auth/bearer-token-authenticator.js';
import { registryLookups } from '../auth/object-lookups.js';
import { boundServiceAccountAuthenticator, legacyServiceAccountAuthenticator } from '../auth/service-account-authenticator.js';
import { signingKeyFromPem } from '../auth/service-account-jwt.js';
import { LEGACY_LAST_USED_LABEL } from '../auth/service-account-token-validation.js';
import { audienceAgnostic, type TokenAuthenticator } from '../auth/token-authenticator.js';
import { loadTokenFile, tokenFileAuthenticator } from '../auth/token-file.js';
import { tokenRequestHandler } from '../auth/token-request-handler.js';
import { tokenReviewHandler } from '../auth/token-review-handler.js';
import { startServiceAccountsController } from '../controllers/serviceaccounts-controller.js';
import { startTokensController } from '../controllers/tokens-controller.js';
import type { Informer } from '../controllers/informer.js';
import { ensureServiceAccountKey } from '../pki/service-account-key.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { serviceAccountDefinition, serviceAccounts } from '../resources/serviceaccount/index.js';
import { tokenReviewDefinition, tokenReviews } from '../resources/tokenreview/index.js';
import type { ResourceDefinition } from '../resources/types.js';

/** kube-apiserver's usual --service-account-issuer. */
export const DEFAULT_SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface TokenAuthenticationOptions {
  dataDir: string;
  /** --service-account-issuer; default https://kubernetes.default.svc.cluster.local. */
  issuer?: string;
  /** --api-audiences; default: the issuer. */
  apiAudiences?: string[];
  /** --token-auth-file (CSV: token,user,uid,"group1,group2"). */
  tokenAuthFile?: string;
  caPem: string;
  log: (message: string) => void;
}

export interface TokenAuthentication {
  /** The kinds, with serviceaccounts/token and TokenReview answered by this server. */
  bindDefinitions(definitions: ResourceDefinition<any>[]): ResourceDefinition<any>[];
  /**
   * The bearer-token authenticator, once the registry exists, and how to start the two controllers
   * (on the elected leader only, see leader-election.ts).
   */
  start(registry: ApiRegistry): { bearer: Authenticator; startControllers(): Informer[] };
}

export async function prepareTokenAuthentication(opts: TokenAuthenticationOptions): Promise<TokenAuthentication> {
  const issuer = opts.issuer ?? DEFAULT_SERVICE_ACCOUNT_ISSUER;
  const apiAudiences = opts.apiAudiences?.length ? opts.apiAudiences : [issuer];
  const { keyPem, log } = await ensureServiceAccountKey(opts.dataDir);
  for (const line of log) opts.log(line);
  const key = signingKeyFromPem(keyPem);
  const tokenFile = opts.tokenAuthFile ? await loadTokenFile(opts.tokenAuthFile) : undefined;
  for (const warning of tokenFile?.warnings ?? []) opts.log(warning);

  let registry: ApiRegistry | undefined;
  const lookups = registryLookups(() => {
    if (!registry) throw new Error('token authentication used before the registry started');
    return registry;
  });
  const authenticators: TokenAuthenticator[] = [
    ...(tokenFile ? [audienceAgnostic(apiAudiences, tokenFileAuthenticator(tokenFile.users))] : []),
    legacyServiceAccountAuthenticator({
      keys: [key], implicitAudiences: apiAudiences, lookups,
      markUsed: async (secret, date) => {
        await registry?.kind('', 'Secret').store.patch(secret.metadata.namespace, secret.metadata.name!, 'merge',
          { metadata: { uid: secret.metadata.uid, labels: { [LEGACY_LAST_USED_LABEL]: date } } },
          { dryRun: false, fieldManager: 'kube-apiserver' });
      },
    }),
    boundServiceAccountAuthenticator({ issuers: [issuer], keys: [key], implicitAudiences: apiAudiences, lookups }),
  ];
  const tokenHandler = tokenRequestHandler({ issuer, apiAudiences, key, lookups });
  const reviewHandler = tokenReviewHandler(() => authenticators, apiAudiences);

  return {
    bindDefinitions: (definitions) => definitions.map((def) => {
      if (def === serviceAccounts) return serviceAccountDefinition(tokenHandler);
      if (def === tokenReviews) return tokenReviewDefinition(reviewHandler);
      return def;
    }),
    start(started) {
      registry = started;
      return {
        bearer: bearerTokenAuthenticator(() => authenticators, apiAudiences, opts.log),
        startControllers: () => [
          ...startServiceAccountsController(started, opts.log),
          ...startTokensController(started, { key, caPem: opts.caPem, log: opts.log }),
        ],
      };
    },
  };
}
