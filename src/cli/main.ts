#!/usr/bin/env node
// `arca`: starts the server (and later the agent) and holds what kubectl has no verb for.
import { Command } from 'commander';
import { registerSecretsCommand } from './secrets-command.js';
import { registerServerCommand } from './server-command.js';
import { registerUpCommand } from './up-command.js';
import { registerAgentCommand } from './agent-command.js';
import { registerBackupCommands } from './backup-commands.js';
import { reportStartupFailure } from './fail.js';

const program = new Command();
program.name('arca').description('A Kubernetes-API-compatible configuration and secrets system').showHelpAfterError();

registerUpCommand(program);
registerServerCommand(program);
registerSecretsCommand(program);
registerAgentCommand(program);
registerBackupCommands(program);
await program.parseAsync(process.argv).catch(reportStartupFailure);
