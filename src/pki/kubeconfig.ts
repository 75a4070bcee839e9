import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { OWNER_ONLY_MODE, writeFileAtomically } from './atomic-file.js';

export interface KubeconfigParams {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  clusterName: string;
  userName: string;
  contextName: string;
  /** The context's default namespace; omitted from the file when not given. */
  namespace?: string;
}

/**
 * A single-cluster, single-user kubeconfig with the credentials embedded (the
 * `*-data` fields hold base64 of the PEM text), laid out as `kubectl config view --raw`
 * prints one so that users and diffs see the familiar shape.
 */
export function renderKubeconfig(params: KubeconfigParams): string {
  const context: Record<string, string> = { cluster: params.clusterName };
  if (params.namespace !== undefined) context.namespace = params.namespace;
  context.user = params.userName;

  const config = {
    apiVersion: 'v1',
    clusters: [
      {
        cluster: { 'certificate-authority-data': base64(params.caPem), server: params.server },
        name: params.clusterName,
      },
    ],
    contexts: [{ context, name: params.contextName }],
    'current-context': params.contextName,
    kind: 'Config',
    preferences: {},
    users: [
      {
        name: params.userName,
        user: {
          'client-certificate-data': base64(params.clientCertPem),
          'client-key-data': base64(params.clientKeyPem),
        },
      },
    ],
  };
  return stringify(config, { indentSeq: false, lineWidth: 0 });
}

/**
 * Writes the kubeconfig readable by its owner only (it holds a private key), creating
 * its directory (e.g. ~/.kube) owner-only too when missing.
 */
export async function writeKubeconfig(path: string, params: KubeconfigParams): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomically(path, renderKubeconfig(params), OWNER_ONLY_MODE);
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
