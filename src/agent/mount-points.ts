// Mount points on the host: a bind mount needs its target to exist on the shared root filesystem.
// Missing ones are created (directories, or an empty file for a file bind), counted per user, and
// removed again, deepest first, once no container of this agent uses them.
import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export class MountPoints {
  /** Paths this agent created → how many acquisitions still hold them. */
  private readonly created = new Map<string, number>();
  /**
   * Acquisitions and releases run one at a time: many pods share paths (every pod mounts the
   * service account directory), and a release removing a path while another pod creates it
   * would otherwise leave the parents behind.
   */
  private queue: Promise<unknown> = Promise.resolve();

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ensures `target` exists (as a directory, or as a file when `file`); returns the paths to release later. */
  acquire(target: string, file: boolean): Promise<string[]> {
    return this.serially(() => this.acquireNow(target, file));
  }

  private async acquireNow(target: string, file: boolean): Promise<string[]> {
    const path = resolve(target);
    const missing: string[] = [];
    for (let p = file ? dirname(path) : path; !(await exists(p)); p = dirname(p)) missing.unshift(p);
    if (missing.length > 0) await mkdir(missing[missing.length - 1]!, { recursive: true });
    if (file && !(await exists(path))) {
      await writeFile(path, '');
      missing.push(path);
    }
    // Paths created earlier by this agent are held too, so they outlive every user.
    const held = [...missing];
    for (let p = path; p !== dirname(p); p = dirname(p)) if (this.created.has(p) && !held.includes(p)) held.push(p);
    for (const p of held) this.created.set(p, (this.created.get(p) ?? 0) + 1);
    return held;
  }

  /** Drops one hold on each path; removes those no longer held, deepest first. */
  release(paths: string[]): Promise<void> {
    return this.serially(() => this.releaseNow(paths));
  }

  private async releaseNow(paths: string[]): Promise<void> {
    const removable: string[] = [];
    for (const p of paths) {
      const count = (this.created.get(p) ?? 1) - 1;
      if (count > 0) this.created.set(p, count);
      else { this.created.delete(p); removable.push(p); }
    }
    removable.sort((a, b) => b.length - a.length);
    for (const p of removable) {
      const info = await stat(p).catch(() => undefined);
      if (!info) continue;
      // rmdir only removes empty directories: anything a user put there stays.
      await (info.isDirectory() ? rmdir(p) : info.size === 0 ? rm(p) : Promise.resolve()).catch(() => undefined);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
