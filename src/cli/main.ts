#!/usr/bin/env node
// `arca`: starts the server (and later the agent) and holds what kubectl has no verb for.
import { Command, InvalidArgumentError } from 'commander';
import { registerServerCommand } from './server-command.js';

const program = new Command();
program.name('arca').description('A Kubernetes-API-compatible configuration and secrets system').showHelpAfterError();

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return port;
}

registerServerCommand(program);
await program.parseAsync(process.argv);
