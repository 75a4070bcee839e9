// `arca backup`, `arca restore` and `arca migrate` (see src/backup/ for the file format and the
// verification pass). A SQLite data directory is read or written with its server stopped (the
// server holds an exclusive lock on arca.db); an etcd-backed server may keep running during backup.
import { cp, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ENCRYPTION_REMINDER, backupStore, migrateStore, restoreBackup, type Reporting } from '../backup/operations.js';
import { DEFAULT_ENCRYPTION_CONFIG_FILE } from '../encryption/default-config.js';
import type { Store } from '../storage/interface.js';
import { addStorageOptions, type StorageFlags } from './options.js';
import { createProgress } from './progress.js';
import { locationFromFlags, openLocation, parseLocation, type StoreLocation } from './store-location.js';
import { reportFailure } from './fail.js';

/** What a server needs besides the store to serve migrated data: its keys and certificates, and the keys values are encrypted with. */
export const DATA_DIR_FILES = ['pki', DEFAULT_ENCRYPTION_CONFIG_FILE];

type EtcdFlags = Omit<StorageFlags, 'storage' | 'etcdServers'>;

const reporting: Reporting = {
  progress: (label) => createProgress(label),
  print: (line) => process.stdout.write(`${line}\n`),
};

export function registerBackupCommands(program: Command): void {
  addStorageOptions(program.command('backup'))
    .description('write a consistent snapshot of every object to FILE (stored bytes: encrypted values stay encrypted)')
    .requiredOption('--to <file>', 'the backup file to write (gzip\'d JSON lines)')
    .option('--data-dir <dir>', 'the data directory (SQLite: its server must be stopped)', '.arca')
    .action((opts: { to: string; dataDir: string } & StorageFlags) => run(async () => {
      await withStore(locationFromFlags(opts), true, (store) => backupStore(store, resolve(opts.to), reporting));
    }));

  addStorageOptions(program.command('restore'))
    .description('recreate every object of a backup in an empty store (objects get new resourceVersions)')
    .requiredOption('--from <file>', 'the backup file to read')
    .option('--data-dir <dir>', 'the data directory to restore into (SQLite: a new or empty one)', '.arca')
    .action((opts: { from: string; dataDir: string } & StorageFlags) => run(async () => {
      const target = locationFromFlags(opts);
      await withStore(target, false, (store) => restoreBackup(resolve(opts.from), store, target.description, reporting));
    }));

  program.command('migrate')
    .description('copy every object from one store into an empty other one, then verify the copy')
    .requiredOption('--from <location>', 'sqlite:DIR or etcd:URL[,URL…] (a SQLite source\'s server must be stopped)')
    .requiredOption('--to <location>', 'sqlite:DIR or etcd:URL[,URL…], empty')
    .option('--target-data-dir <dir>', 'the data directory the target\'s server will use (default: the sqlite:DIR target); pki/ and encryption-config.yaml are copied there')
    .option('--etcd-prefix <prefix>', 'key prefix in etcd', '/arca')
    .option('--etcd-cafile <file>', 'CA bundle to verify etcd servers')
    .option('--etcd-certfile <file>', 'client certificate for etcd')
    .option('--etcd-keyfile <file>', 'client key for etcd')
    .action((opts: { from: string; to: string; targetDataDir?: string } & EtcdFlags) => run(async () => {
      const source = parseLocation(opts.from, opts);
      const target = parseLocation(opts.to, opts);
      await withStore(source, true, (from) => withStore(target, false, (to) => migrateStore(from, to, target.description, reporting)));
      const targetDataDir = opts.targetDataDir ? resolve(opts.targetDataDir) : target.dataDir;
      if (source.dataDir && targetDataDir && targetDataDir !== source.dataDir) {
        await copyDataDirFiles(source.dataDir, targetDataDir, reporting.print);
      } else {
        reporting.print(ENCRYPTION_REMINDER);
      }
    }));
}

async function withStore<T>(location: StoreLocation, mustExist: boolean, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openLocation(location, mustExist);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Copies pki/ and encryption-config.yaml; an existing different file in the target is kept, with a warning. */
export async function copyDataDirFiles(fromDir: string, toDir: string, print: (line: string) => void): Promise<void> {
  for (const name of DATA_DIR_FILES) {
    const from = join(fromDir, name);
    const to = join(toDir, name);
    const exists = await readFile(from).then(() => true, (err: NodeJS.ErrnoException) => err.code === 'EISDIR');
    if (!exists) continue;
    if (name === DEFAULT_ENCRYPTION_CONFIG_FILE && await differs(from, to)) {
      print(`WARNING: ${to} exists and differs from ${from}: values encrypted at rest were copied encrypted and need ${from}`);
      continue;
    }
    await cp(from, to, { recursive: true, force: false, errorOnExist: false, preserveTimestamps: true });
    print(`copied ${from} to ${to}`);
  }
}

async function differs(a: string, b: string): Promise<boolean> {
  const other = await readFile(b).catch(() => undefined);
  return other !== undefined && !other.equals(await readFile(a));
}

function run(action: () => Promise<void>): Promise<void> {
  return action().catch(reportFailure);
}
