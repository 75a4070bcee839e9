// One Arca API server: storage, PKI, registry, controllers and the listener, started in order
// and stopped in reverse.
import type { AddressInfo } from 'node:net';
import { discoveryHandler } from '../apiserver/discovery.js';
import { openApiHandler } from '../apiserver/openapi.js';
import { createApiServer, type PathHandler } from '../apiserver/server.js';
import { startAudit, type AuditOptions } from '../audit/setup.js';
import { authenticationStage, LOCAL_ADMIN, localAdminStage } from '../auth/authentication-stage.js';
import { authenticateClientCertificate } from '../auth/x509-authenticator.js';
import { authorizationStage } from '../auth/authorization-stage.js';
import { registryLookups } from '../auth/object-lookups.js';
import { impersonationStage } from '../auth/impersonation-stage.js';
import { startClusterRoleAggregation } from '../auth/rbac/aggregation-controller.js';
import { startRbac } from '../auth/rbac/start.js';
import { startNodeAuthorizer } from '../auth/node/start.js';
import { startEventTtl } from '../controllers/event-ttl.js';
import { startNamespaceController } from '../controllers/namespace-controller.js';
import { startRootCaPublisher } from '../controllers/root-ca-publisher.js';
import { startScheduler } from '../controllers/scheduler.js';
import { ensureDefaultEncryptionConfig } from '../encryption/default-config.js';
import { encryptionAdminHandler } from '../encryption/admin-endpoint.js';
import { loadReloadableTransformer } from '../encryption/reloadable-transformer.js';
import { ensureClusterPki, type ClusterPki } from '../pki/cluster-pki.js';
import { serverTlsOptions } from '../pki/tls-options.js';
import { ApiRegistry } from '../registry/api-registry.js';
import { SerializedObjectCache } from '../registry/serialized-object-cache.js';
import { usePodAdmissionLookups } from '../resources/pod/admission.js';
import { resourceDefinitions } from '../resources/registry.js';
import { startCompactor } from '../storage/compactor.js';
import type { Store } from '../storage/interface.js';
import { ensureBuiltInNamespaces } from './bootstrap.js';
import { startLeaderElection } from './leader-election.js';
import { openConfiguredStore, type StorageOptions } from './storage-selection.js';
import { prepareTokenAuthentication, type TokenAuthenticationOptions } from './token-authentication.js';

export interface ArcaServerOptions {
  dataDir: string;
  /** SQLite in the data dir unless etcd is chosen. */
  storage?: StorageOptions;
  port: number;
  bindAddress: string;
  /** Serve HTTPS with the cluster PKI (default) or plain HTTP (local use only). */
  tls: boolean;
  extraSans?: string[];
  /** EncryptionConfiguration file; default: one generated in the data dir (Secrets encrypted). */
  encryptionProviderConfig?: string;
  /** How often history is compacted (kube-apiserver: 5 minutes). */
  compactionIntervalMs?: number;
  pathHandlers?: (pki: ClusterPki, registry: ApiRegistry) => PathHandler[];
  /** Audit logging (`--audit-log-path` and friends); off when absent. */
  audit?: AuditOptions;
  /** Requests without credentials act as system:anonymous instead of failing with 401 (--anonymous-auth). */
  anonymousAuth?: boolean;
  /** Bearer tokens: --token-auth-file, --service-account-issuer, --api-audiences. */
  tokens?: Pick<TokenAuthenticationOptions, 'tokenAuthFile' | 'issuer' | 'apiAudiences'>;
  log?: (message: string) => void;
}

export interface RunningArcaServer {
  url: string;
  port: number;
  pki: ClusterPki;
  registry: ApiRegistry;
  store: Store;
  close(): Promise<void>;
}

export async function startArcaServer(options: ArcaServerOptions): Promise<RunningArcaServer> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const pki = await ensureClusterPki(options.dataDir, { extraSans: options.extraSans ?? [] });
  for (const line of pki.log) log(line);
  const store = await openConfiguredStore(options.storage ?? { kind: 'sqlite' }, options.dataDir);
  const encryptionConfig = options.encryptionProviderConfig ?? await ensureDefaultEncryptionConfig(options.dataDir);
  // Reloadable, so `arca secrets rotate-key` can add a write key while the server runs.
  // Decrypted objects cached for GETs go with the configuration they were read under.
  const serializedCache = new SerializedObjectCache();
  const transformer = await loadReloadableTransformer(encryptionConfig, resourceDefinitions, () => serializedCache.clear());
  const tokenAuth = await prepareTokenAuthentication({ ...options.tokens, dataDir: options.dataDir, caPem: pki.ca.certPem, log });
  const registry = new ApiRegistry(tokenAuth.bindDefinitions(resourceDefinitions), store, transformer, serializedCache);
  await registry.start();
  // The ServiceAccount admission plugin: pods get their account defaulted and the kube-api-access volume.
  usePodAdmissionLookups(registryLookups(() => registry));
  await ensureBuiltInNamespaces(registry);
  const nodeAuthorizer = await startNodeAuthorizer(registry, log);
  const rbac = await startRbac(registry, log, nodeAuthorizer.authorize, { aggregation: false });
  const tokens = tokenAuth.start(registry);
  // Cluster-wide work, as kube-controller-manager (and kube-apiserver's compaction) does it:
  // on exactly one server at a time, the elected leader.
  const startControllers = () => {
    const controllers = [
      ...tokens.startControllers(),
      startNamespaceController(registry, log),
      ...startRootCaPublisher(registry, pki.ca.certPem, log),
      ...startScheduler(registry, log),
      startClusterRoleAggregation(registry, log),
      startEventTtl(registry, {}, log),
      startCompactor(store, { intervalMs: options.compactionIntervalMs ?? 5 * 60_000 }),
    ];
    return { stop: () => { for (const c of controllers) c.stop(); } };
  };
  let running: { stop(): void } | undefined;
  const election = await startLeaderElection(options.storage ?? { kind: 'sqlite' }, {
    onStartedLeading: () => { running = startControllers(); },
    onStoppedLeading: () => { running?.stop(); running = undefined; },
  }, log);
  const audit = options.audit ? await startAudit(options.audit, options.dataDir, log) : undefined;
  const auditStages = audit ? [audit.stage] : [];

  const server = createApiServer({
    registry,
    tls: options.tls ? serverTlsOptions(pki) : undefined,
    stages: options.tls
      ? [authenticationStage([authenticateClientCertificate, tokens.bearer], { anonymous: options.anonymousAuth ?? false }), ...auditStages,
        impersonationStage(rbac.authorize), authorizationStage(rbac.authorize)]
      : [localAdminStage, ...auditStages, impersonationStage(rbac.authorize)],
    pathHandlers: [
      ...(options.pathHandlers?.(pki, registry) ?? []),
      encryptionAdminHandler(transformer, store, options.tls ? authenticateClientCertificate : () => LOCAL_ADMIN),
      discoveryHandler(resourceDefinitions),
      openApiHandler(resourceDefinitions),
    ],
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bindAddress, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.bindAddress.includes(':') ? `[${options.bindAddress}]` : options.bindAddress;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    pki,
    registry,
    store,
    async close() {
      await election.close();
      rbac.stop();
      nodeAuthorizer.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      registry.stop();
      await store.close();
      audit?.close();
    },
  };
}
