import { InvalidArgumentError } from 'commander';

/** A TCP port (0: any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number (0-65535).');
  return port;
}

export const ENCRYPTION_CONFIG_FLAG = '--encryption-provider-config <file>';
export const ENCRYPTION_CONFIG_HELP =
  'EncryptionConfiguration (apiserver.config.k8s.io/v1) for data at rest; default: <data-dir>/encryption-config.yaml, generated on first start, encrypting Secrets';
