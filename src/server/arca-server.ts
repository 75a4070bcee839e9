// One Arca API server: storage, PKI, registry, controllers and the listener, started in order
// and stopped in reverse.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { discoveryHandler } from '../apiserver/discovery.js';
import { openApiHandler } from '../apiserver/openapi.js';
import { createApiServer, type PathHandler } from '../apiserver/server.js';
import { authenticationStage, localAdminStage } from '../auth/authentication-stage.js';
import { authenticateClientCertificate } from '../auth/x509-authenticator.js';
import { startEventTtl } from '../controllers/event-ttl.js';
import { startNamespaceController } from '../controllers/namespace-controller.js';
import { startRootCaPublisher } from '../controllers/root-ca-publisher.js';
import { ensureDefaultEncryptionConfig } from '../encryption/default-config.js';
import { loadEncryptionTransformer } from '../encryption/transformer.js';
import { ensureClusterPki, type ClusterPki } from '../pki/cluster-pki.js';
import { serverTlsOptions } from '../pki/tls-options.js';
import { ApiRegistry } from '../registry/api-registry.js';
import { resourceDefinitions } from '../resources/registry.js';
import { startCompactor } from '../storage/compactor.js';
import type { Store } from '../storage/interface.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { ensureBuiltInNamespaces } from './bootstrap.js';

export interface ArcaServerOptions {
  dataDir: string;
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
  const store = await openSqliteStore(join(options.dataDir, 'arca.db'));
  const encryptionConfig = options.encryptionProviderConfig ?? await ensureDefaultEncryptionConfig(options.dataDir);
  const transformer = await loadEncryptionTransformer(encryptionConfig, { resources: resourceDefinitions });
  const registry = new ApiRegistry(resourceDefinitions, store, transformer);
  await ensureBuiltInNamespaces(registry);
  const controllers = [
    startNamespaceController(registry, log),
    ...startRootCaPublisher(registry, pki.ca.certPem, log),
  ];
  const eventTtl = startEventTtl(registry, {}, log);
  const compactor = startCompactor(store, { intervalMs: options.compactionIntervalMs ?? 5 * 60_000 });

  const server = createApiServer({
    registry,
    tls: options.tls ? serverTlsOptions(pki) : undefined,
    stages: options.tls
      ? [authenticationStage([authenticateClientCertificate], { anonymous: false })]
      : [localAdminStage],
    pathHandlers: [
      ...(options.pathHandlers?.(pki, registry) ?? []),
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
      for (const c of controllers) c.stop();
      compactor.stop();
      eventTtl.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
