// `arca secrets rotate-key`: an online rotation of the encryption-at-rest key of a running server.
//   1. a new key goes first in the configuration file (older keys stay, so every value still reads);
//   2. the server is asked to load the file again (POST /arca/admin/encryption/reload), and must
//      answer with the checksum of the file just written;
//   3. every Secret still stored under an older key (GET /arca/admin/encryption/stale, read from
//      the raw stored values) is read and written back unchanged through the API: the server
//      rewrites a stale value even when nothing changed, as kube-apiserver does, and a conflicting
//      concurrent write already used the new key;
//   4. 3 repeats until no stale value is left. Writers may run throughout: nothing is lost, since
//      each write-back is a compare-and-swap on the resourceVersion just read.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ENCRYPTION_CONFIG_FILE, addRotationKey } from '../encryption/default-config.js';
import { RELOAD_PATH, STALE_PATH, type StaleObject } from '../encryption/admin-endpoint.js';
import { clientFromKubeconfig, type ApiClient } from './kubeconfig-client.js';
import { createProgress, type Progress } from './progress.js';
import { reportFailure } from './fail.js';

const MAX_ROUNDS = 20;

interface RotateOptions { dataDir: string; encryptionProviderConfig?: string; kubeconfig?: string }

export function registerSecretsCommand(program: Command): void {
  const secrets = program.command('secrets').description('manage how Secrets are stored');
  secrets
    .command('rotate-key')
    .description('add a new encryption key to a running server and re-encrypt every Secret with it')
    .option('--data-dir <dir>', 'the data directory of the running server', '.arca')
    .option('--encryption-provider-config <file>', 'the server\'s encryption configuration (default: <data-dir>/encryption-config.yaml)')
    .option('--kubeconfig <file>', 'admin credentials for the server (default: <data-dir>/kubeconfig)')
    .action(async (opts: RotateOptions) => {
      const dataDir = resolve(opts.dataDir);
      try {
        await rotateKey({
          configPath: resolve(opts.encryptionProviderConfig ?? join(dataDir, DEFAULT_ENCRYPTION_CONFIG_FILE)),
          client: await clientFromKubeconfig(resolve(opts.kubeconfig ?? join(dataDir, 'kubeconfig'))),
          progress: createProgress('re-encrypting Secrets'),
          print: (line) => process.stdout.write(`${line}\n`),
        });
      } catch (e) {
        reportFailure(e);
      }
    });
}

export interface RotateKeyParams {
  configPath: string;
  client: ApiClient;
  progress: Progress;
  print: (line: string) => void;
}

export async function rotateKey({ configPath, client, progress, print }: RotateKeyParams): Promise<void> {
  const keyName = await addRotationKey(configPath);
  print(`added key ${keyName} to ${configPath}`);
  await reloadServer(client, configPath);
  print(`${client.server} now writes with ${keyName}`);

  let total = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const stale = await staleSecrets(client);
    if (stale.length === 0) {
      progress.stop();
      print(`done: every Secret is stored under ${keyName} (${total} rewritten)`);
      return;
    }
    total += stale.length;
    progress.setTotal(total);
    for (const secret of stale) {
      await rewrite(client, secret);
      progress.increment();
    }
  }
  progress.stop();
  throw new Error(`Secrets were still stored under older keys after ${MAX_ROUNDS} rounds; run the command again`);
}

async function reloadServer(client: ApiClient, configPath: string): Promise<void> {
  const expected = createHash('sha256').update(await readFile(configPath)).digest('hex');
  const answer = await client.request('POST', RELOAD_PATH);
  if (answer.status !== 200) throw new Error(`the server did not reload its encryption configuration: ${answer.status} ${messageOf(answer.body)}`);
  if (answer.json<{ configSha256: string }>().configSha256 !== expected) {
    throw new Error(`the server at ${client.server} does not use ${configPath} (its configuration differs): pass the file it was started with as --encryption-provider-config`);
  }
}

async function staleSecrets(client: ApiClient): Promise<StaleObject[]> {
  const answer = await client.request('GET', STALE_PATH);
  if (answer.status !== 200) throw new Error(`listing Secrets to rewrite failed: ${answer.status} ${messageOf(answer.body)}`);
  return answer.json<{ items: StaleObject[] }>().items;
}

/** Reads the Secret and writes it back as read: gone or changed meanwhile is fine (a new write used the new key). */
async function rewrite(client: ApiClient, { namespace, name }: StaleObject): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`;
  const read = await client.request('GET', path);
  if (read.status === 404) return;
  if (read.status !== 200) throw new Error(`reading Secret ${namespace}/${name} failed: ${read.status} ${messageOf(read.body)}`);
  const written = await client.request('PUT', `${path}?fieldManager=arca-rotate-key`, read.json());
  if (written.status === 200 || written.status === 404 || written.status === 409) return;
  throw new Error(`rewriting Secret ${namespace}/${name} failed: ${written.status} ${messageOf(written.body)}`);
}

function messageOf(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    return body;
  }
}
