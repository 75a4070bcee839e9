// backup, restore and migrate over open stores; each ends with a verification pass that reads
// both sides again and compares every key and its value bytes (compare-entries.ts).
import type { Progress } from '../cli/progress.js';
import type { Store } from '../storage/interface.js';
import { BACKUP_FORMAT, BACKUP_VERSION, openBackupFile, writeBackupFile, type BackupHeader, type StoredEntry } from './backup-file.js';
import { compareEntries, describeComparison, isIdentical, type Comparison } from './compare-entries.js';
import { ensureEmpty, restoreEntries } from './restore-entries.js';
import { openSnapshot } from './store-snapshot.js';

export interface Reporting {
  /** A progress display for one phase, e.g. createProgress. */
  progress: (label: string) => Progress;
  print: (line: string) => void;
}

export class VerificationError extends Error {}

export const ENCRYPTION_REMINDER =
  'values encrypted at rest were copied encrypted: serve this data with the encryption-config.yaml (and the pki/) of the server that wrote it';

/** Writes a snapshot of `store` at its current revision to `file`, then compares the file with the store at that revision. */
export async function backupStore(store: Store, file: string, { progress, print }: Reporting, now = new Date()): Promise<BackupHeader> {
  const snapshot = await openSnapshot(store);
  const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, revision: snapshot.revision, count: snapshot.count, createdAt: now.toISOString() };
  await withProgress(progress('backing up'), snapshot.count, (tick) => writeBackupFile(file, header, counted(snapshot.entries, tick)));
  print(`wrote ${snapshot.count} keys at revision ${snapshot.revision} to ${file}`);
  const reread = await openBackupFile(file);
  const again = await openSnapshot(store, snapshot.revision);
  await verify(progress, snapshot.count, reread.entries, again.entries, print);
  print(ENCRYPTION_REMINDER);
  return header;
}

/** Creates every key of the backup in the empty `target`, then compares the target with the file. */
export async function restoreBackup(file: string, target: Store, targetDescription: string, { progress, print }: Reporting): Promise<BackupHeader> {
  const { header, entries } = await openBackupFile(file);
  await ensureEmpty(target, targetDescription);
  await withProgress(progress('restoring'), header.count, (tick) => restoreEntries(target, entries, tick));
  print(`restored ${header.count} keys (backup of revision ${header.revision}, taken ${header.createdAt}) into ${targetDescription}`);
  const reread = await openBackupFile(file);
  await verify(progress, header.count, reread.entries, (await openSnapshot(target)).entries, print);
  print(ENCRYPTION_REMINDER);
  return header;
}

/** Copies a snapshot of `source` into the empty `target`, streaming, then compares both. */
export async function migrateStore(source: Store, target: Store, targetDescription: string, { progress, print }: Reporting): Promise<void> {
  await ensureEmpty(target, targetDescription);
  const snapshot = await openSnapshot(source);
  await withProgress(progress('copying'), snapshot.count, (tick) => restoreEntries(target, snapshot.entries, tick));
  print(`copied ${snapshot.count} keys (source revision ${snapshot.revision}) into ${targetDescription}`);
  const expected = await openSnapshot(source, snapshot.revision);
  await verify(progress, snapshot.count, expected.entries, (await openSnapshot(target)).entries, print);
}

async function verify(
  progress: Reporting['progress'], count: number,
  expected: AsyncIterable<StoredEntry>, actual: AsyncIterable<StoredEntry>, print: (line: string) => void,
): Promise<Comparison> {
  const comparison = await withProgress(progress('verifying'), count, (tick) => compareEntries(expected, actual, tick));
  const line = describeComparison(comparison);
  if (!isIdentical(comparison)) throw new VerificationError(line);
  print(line);
  return comparison;
}

async function withProgress<T>(bar: Progress, total: number, work: (tick: () => void) => Promise<T>): Promise<T> {
  bar.setTotal(total);
  try {
    return await work(() => bar.increment());
  } finally {
    bar.stop();
  }
}

async function* counted(entries: AsyncIterable<StoredEntry>, tick: () => void): AsyncGenerator<StoredEntry> {
  for await (const entry of entries) {
    yield entry;
    tick();
  }
}
