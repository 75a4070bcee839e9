// Kubernetes' AtomicWriter (pkg/volume/util/atomic_writer.go): a volume's files live in a hidden
// timestamped directory; `..data` is a symlink to it and each top-level name is a symlink through
// `..data`. A new version is written to a fresh directory and published by renaming a new link
// over `..data` (one rename(2)), so readers see the old or the new set, never a mix.
//
// Unlike Kubernetes, the superseded directory is removed a little later rather than at once:
// a reader that resolved `..data` just before the swap may still be reading it.
// Writes to one target directory must not overlap; callers serialise them.
import { randomInt } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { cleanPath, payloadPathError } from './payload-path.js';

export interface PayloadFile {
  content: Buffer | string;
  /** Permission bits, applied with chmod so the umask cannot change them. */
  mode: number;
}

export interface AtomicWriteOptions {
  /** How long a superseded generation directory survives; 0 removes it at once (default 1000 ms). */
  retireDelayMs?: number;
  /** The clock the generation directory's name is taken from. */
  now?: () => Date;
}

export interface AtomicWriteResult {
  /** False when the directory already held exactly these bytes and nothing had to be removed. */
  written: boolean;
  /** The generation directory `..data` points to, e.g. `..2024_05_01_10_00_00.123456789`. */
  generation: string;
}

export const DATA_LINK = '..data';
const NEW_DATA_LINK = '..data_tmp';
const GENERATION_DIR = /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+$/;
const DEFAULT_RETIRE_DELAY_MS = 1000;
const GENERATION_DIR_MODE = 0o755;

/** Superseded generation directories waiting to be removed, by absolute path. */
const retiring = new Map<string, { timer: ReturnType<typeof setTimeout>; remove: () => Promise<void> }>();

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

type CleanPayload = Map<string, { content: Buffer; mode: number }>;

/** Validates every path (the kubelet's messages) and returns the payload keyed by cleaned path. */
function validatedPayload(files: ReadonlyMap<string, PayloadFile>): CleanPayload {
  const clean: CleanPayload = new Map();
  for (const [path, file] of files) {
    const invalid = payloadPathError(path);
    if (invalid) throw new Error(invalid);
    clean.set(cleanPath(path), { content: Buffer.from(file.content), mode: file.mode });
  }
  return clean;
}

async function readDataLink(targetDir: string): Promise<string | undefined> {
  try {
    return await readlink(join(targetDir, DATA_LINK));
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/** Every path (files and directories) under dir, relative to it. */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    found.push(relative);
    if (entry.isDirectory()) found.push(...await walk(dir, relative));
  }
  return found;
}

/** Paths of the old generation that the new payload neither holds nor needs as a parent directory. */
async function pathsToRemove(payload: CleanPayload, oldDir: string): Promise<Set<string>> {
  let old: string[];
  try {
    old = await walk(oldDir);
  } catch (e) {
    if (isMissing(e)) return new Set();
    throw e;
  }
  const kept = new Set<string>();
  for (const path of payload.keys()) {
    for (let p = path; p !== '.' && !kept.has(p); p = dirname(p)) kept.add(p);
  }
  return new Set(old.filter((p) => !kept.has(p)));
}

/** Whether any file is new or has different bytes (modes are not compared, as in Kubernetes). */
async function payloadDiffers(payload: CleanPayload, oldDir: string): Promise<boolean> {
  for (const [path, file] of payload) {
    const onDisk = join(oldDir, path);
    try {
      // Something other than a file where a file belongs is a difference (Kubernetes errors here instead).
      if (!(await lstat(onDisk)).isFile()) return true;
    } catch (e) {
      if (isMissing(e)) return true;
      throw e;
    }
    if (!file.content.equals(await readFile(onDisk))) return true;
  }
  return false;
}

/** `..2006_01_02_15_04_05.<random>` in UTC, created with mode 0755 whatever the umask. */
async function createGenerationDir(targetDir: string, now: Date): Promise<string> {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `..${now.getUTCFullYear()}_${two(now.getUTCMonth() + 1)}_${two(now.getUTCDate())}_` +
    `${two(now.getUTCHours())}_${two(now.getUTCMinutes())}_${two(now.getUTCSeconds())}.`;
  for (;;) {
    const name = stamp + randomInt(0, 2 ** 32);
    try {
      await mkdir(join(targetDir, name), { mode: GENERATION_DIR_MODE });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    await chmod(join(targetDir, name), GENERATION_DIR_MODE);
    return name;
  }
}

async function writePayload(dir: string, payload: CleanPayload): Promise<void> {
  for (const [path, file] of payload) {
    const fullPath = join(dir, path);
    await mkdir(dirname(fullPath), { recursive: true });
    await writeFile(fullPath, file.content, { mode: file.mode });
    await chmod(fullPath, file.mode);
  }
}

/** Points `..data` at the new generation with a single rename. */
async function swapDataLink(targetDir: string, generation: string): Promise<void> {
  const newLink = join(targetDir, NEW_DATA_LINK);
  await rm(newLink, { force: true }); // left over by an interrupted write
  await symlink(generation, newLink);
  try {
    await rename(newLink, join(targetDir, DATA_LINK));
  } catch (e) {
    await rm(newLink, { force: true });
    throw e;
  }
}

/** `<name>` → `..data/<name>` for every top-level name in the payload that has no link yet. */
async function createUserVisibleLinks(targetDir: string, payload: CleanPayload): Promise<void> {
  const names = new Set([...payload.keys()].map((path) => path.split('/')[0]!));
  for (const name of names) {
    try {
      await readlink(join(targetDir, name));
    } catch (e) {
      if (isMissing(e)) await symlink(join(DATA_LINK, name), join(targetDir, name));
    }
  }
}

/** Removes top-level entries no longer in the payload (deeper ones go with their generation). */
async function removeUserVisiblePaths(targetDir: string, paths: Set<string>): Promise<void> {
  let lastError: unknown;
  for (const path of paths) {
    if (path.includes('/')) continue;
    try {
      await rm(join(targetDir, path), { force: true });
    } catch (e) {
      lastError = e;
    }
  }
  if (lastError) throw lastError;
}

function retire(dir: string, delayMs: number): Promise<void> {
  const remove = async () => {
    const pending = retiring.get(dir);
    if (pending) clearTimeout(pending.timer);
    retiring.delete(dir);
    await rm(dir, { recursive: true, force: true });
  };
  if (delayMs <= 0) return remove();
  const timer = setTimeout(() => void remove().catch(() => undefined), delayMs);
  timer.unref();
  retiring.set(dir, { timer, remove });
  return Promise.resolve();
}

/** Generation directories neither current nor waiting to retire: leftovers of an earlier process or crash. */
async function sweepAbandonedGenerations(targetDir: string, current: string | undefined): Promise<void> {
  for (const name of await readdir(targetDir)) {
    const dir = join(targetDir, name);
    if (GENERATION_DIR.test(name) && name !== current && !retiring.has(dir)) await rm(dir, { recursive: true, force: true });
  }
}

/** Removes every superseded generation now (for shutdown, and for tests that wait for removal). */
export async function flushRetiredGenerations(): Promise<void> {
  await Promise.all([...retiring.values()].map((pending) => pending.remove()));
}

/**
 * Projects files (relative path → content and mode) into targetDir atomically. Invalid paths are
 * rejected with the kubelet's `invalid path: …` messages before anything is touched.
 */
export async function writeAtomically(target: string, files: ReadonlyMap<string, PayloadFile>,
  options: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  const payload = validatedPayload(files);
  const targetDir = resolve(target);
  await mkdir(targetDir, { recursive: true });
  const current = await readDataLink(targetDir);
  await sweepAbandonedGenerations(targetDir, current);

  let stale = new Set<string>();
  if (current !== undefined) {
    const oldDir = join(targetDir, current);
    stale = await pathsToRemove(payload, oldDir);
    if (stale.size === 0 && !(await payloadDiffers(payload, oldDir))) {
      await createUserVisibleLinks(targetDir, payload);
      return { written: false, generation: current };
    }
  }

  const generation = await createGenerationDir(targetDir, (options.now ?? (() => new Date()))());
  try {
    await writePayload(join(targetDir, generation), payload);
    await swapDataLink(targetDir, generation);
  } catch (e) {
    await rm(join(targetDir, generation), { recursive: true, force: true });
    throw e;
  }
  await createUserVisibleLinks(targetDir, payload);
  await removeUserVisiblePaths(targetDir, stale);
  if (current !== undefined) await retire(join(targetDir, current), options.retireDelayMs ?? DEFAULT_RETIRE_DELAY_MS);
  return { written: true, generation };
}
