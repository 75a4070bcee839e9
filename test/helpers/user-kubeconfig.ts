// A kubeconfig for a client certificate naming `user` in `groups`, signed by an `arca up` cluster CA.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { issueClientCertificate } from '../../src/pki/certificates.js';
import { clusterPkiPaths } from '../../src/pki/cluster-pki.js';
import { writeKubeconfig } from '../../src/pki/kubeconfig.js';
import type { ArcaUpProcess } from './arca-process.js';

export async function userKubeconfig(arca: ArcaUpProcess, user: string, groups: string[], namespace = 'default'): Promise<string> {
  const paths = clusterPkiPaths(arca.dataDir);
  const ca = { certPem: readFileSync(paths.caCert, 'utf8'), keyPem: readFileSync(paths.caKey, 'utf8') };
  const cert = await issueClientCertificate(ca, { user, groups });
  const server = (parse(readFileSync(arca.kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] }).clusters[0]!.cluster.server;
  const path = join(arca.dataDir, `${user}.kubeconfig`);
  await writeKubeconfig(path, {
    server, caPem: ca.certPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem,
    clusterName: 'arca', userName: user, contextName: 'arca', namespace,
  });
  return path;
}
