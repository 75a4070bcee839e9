// `arca up` (and `npm start`): the whole of Arca in one process, over HTTPS with the cluster PKI,
// writing an admin kubeconfig and printing how to use it.
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { AUDIT_MODES, type AuditMode } from '../audit/log-backend.js';
import { ENCRYPTION_CONFIG_FLAG, ENCRYPTION_CONFIG_HELP, parsePort, addStorageOptions, storageFromFlags, type StorageFlags } from './options.js';
import { writeKubeconfig } from '../pki/kubeconfig.js';
import { ADMIN_USER } from '../pki/cluster-pki.js';
import { startArcaServer } from '../server/arca-server.js';
import { addEmbeddedAgentOptions, startEmbeddedAgent, type EmbeddedAgentOptions } from './embedded-agent.js';

interface UpOptions {
  dataDir: string; port: number; bindAddress: string; encryptionProviderConfig?: string; tlsSan: string[];
  auditLogPath?: string; auditPolicyFile?: string; auditLogMaxsize: number; auditLogMaxbackup: number; auditLogMode: AuditMode; auditMode?: AuditMode;
  anonymousAuth: boolean; tokenAuthFile?: string; serviceAccountIssuer?: string; apiAudiences: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

/** Kubernetes-style boolean flags: `--anonymous-auth`, `--anonymous-auth=true|false`. */
function parseBooleanFlag(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('must be true or false');
}

function parseAuditMode(value: string): AuditMode {
  if (!(AUDIT_MODES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${AUDIT_MODES.join(', ')}`);
  return value as AuditMode;
}

/** The address kubectl should dial: a wildcard bind is reached over loopback. */
function dialHost(bindAddress: string): string {
  if (bindAddress === '0.0.0.0' || bindAddress === '') return '127.0.0.1';
  if (bindAddress === '::') return '[::1]';
  return bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
}

export function registerUpCommand(program: Command): void {
  addEmbeddedAgentOptions(addStorageOptions(program
    .command('up')))
    .description('start Arca over HTTPS: API server with TLS, client-certificate authentication and an admin kubeconfig')
    .option('--data-dir <dir>', 'where the database, keys and kubeconfig live', '.arca')
    .option('--port <port>', 'HTTPS port', parsePort, 6443)
    .option('--bind-address <addr>', 'address to listen on', '127.0.0.1')
    .option(ENCRYPTION_CONFIG_FLAG, ENCRYPTION_CONFIG_HELP)
    .option('--tls-san <name>', 'extra DNS name or IP for the serving certificate (repeatable)', collect, [])
    .option('--audit-log-path <path>', 'write audit events (audit.k8s.io/v1, one JSON object a line) to this file; - for stdout')
    .option('--audit-policy-file <path>', 'audit Policy (audit.k8s.io/v1); default: every request at Metadata')
    .option('--audit-log-maxsize <MB>', 'rotate the audit log when it reaches this many megabytes (0: never)', parseCount, 0)
    .option('--audit-log-maxbackup <n>', 'rotated audit logs to keep (0: all)', parseCount, 0)
    .option('--audit-log-mode <mode>', 'blocking, blocking-strict (fail requests whose audit record cannot be written) or batch', parseAuditMode, 'blocking')
    .option('--audit-mode <mode>', 'the same as --audit-log-mode', parseAuditMode)
    .option('--anonymous-auth [enabled]', 'let requests without credentials in as system:anonymous (true or false)', parseBooleanFlag, false)
    .option('--token-auth-file <file>', 'static bearer tokens, a CSV file of token,user,uid,"group1,group2" lines')
    .option('--service-account-issuer <url>', 'issuer (iss) of service account tokens', 'https://kubernetes.default.svc.cluster.local')
    .option('--api-audiences <aud>', 'audience of the API server (repeatable); default: the service account issuer', collect, [])
    .action(async (opts: UpOptions & EmbeddedAgentOptions & StorageFlags) => {
      const dataDir = resolve(opts.dataDir);
      const running = await startArcaServer({
        dataDir, port: opts.port, bindAddress: opts.bindAddress, tls: true, extraSans: opts.tlsSan, encryptionProviderConfig: opts.encryptionProviderConfig,
        storage: storageFromFlags(opts),
        audit: opts.auditLogPath === undefined ? undefined : {
          logPath: opts.auditLogPath, policyFile: opts.auditPolicyFile,
          maxSizeMB: opts.auditLogMaxsize, maxBackups: opts.auditLogMaxbackup, mode: opts.auditMode ?? opts.auditLogMode,
        },
        anonymousAuth: opts.anonymousAuth,
        tokens: { tokenAuthFile: opts.tokenAuthFile, issuer: opts.serviceAccountIssuer, apiAudiences: opts.apiAudiences },
      });
      const kubeconfig = resolve(dataDir, 'kubeconfig');
      await writeKubeconfig(kubeconfig, {
        server: `https://${dialHost(opts.bindAddress)}:${running.port}`,
        caPem: running.pki.ca.certPem,
        clientCertPem: running.pki.admin.certPem,
        clientKeyPem: running.pki.admin.keyPem,
        clusterName: 'arca', userName: ADMIN_USER, contextName: 'arca', namespace: 'default',
      });
      const agent = await startEmbeddedAgent(opts, `https://${dialHost(opts.bindAddress)}:${running.port}`, running.pki.ca, dataDir);
      process.stdout.write(`Arca is up: https://${dialHost(opts.bindAddress)}:${running.port} (data in ${dataDir})\n`);
      process.stdout.write(`To use it with kubectl:\n  export KUBECONFIG=${kubeconfig}\n`);
      const shutdown = () => { void (agent?.stop() ?? Promise.resolve()).then(() => running.close()).then(() => process.exit(0)); };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
