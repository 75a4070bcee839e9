import { InvalidArgumentError } from 'commander';

/** A TCP port (0: any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number (0-65535).');
  return port;
}
