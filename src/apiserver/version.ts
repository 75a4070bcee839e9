// /version: Arca speaks Kubernetes 1.32 (kubectl dispatchers pick their client by this minor).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '32';

export const versionInfo = {
  major: KUBERNETES_MAJOR,
  minor: KUBERNETES_MINOR,
  gitVersion: `v1.32.0-arca.${pkg.version}`,
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-28T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'arca',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};
