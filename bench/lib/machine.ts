// The machine a run happened on: every figure is only meaningful next to these.
import { execFile } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { WRK } from './wrk.js';

const run = promisify(execFile);

export interface Machine {
  date: string;
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  os: string;
  sqlite: string;
  wrk: string;
  /** The Arca commit measured (with "+changes" when the work tree differs). */
  commit: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverageAtStart: number;
}

export async function describeMachine(repoDir: string): Promise<Machine> {
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    os: `${process.platform} ${release()}`,
    sqlite,
    wrk: await wrkVersion(),
    commit: await gitCommit(repoDir),
    loadAverageAtStart: loadavg()[0]!,
  };
}

async function wrkVersion(): Promise<string> {
  // `wrk -v` prints its version and usage, then exits 1.
  const out = await run(WRK, ['-v']).then((r) => r.stdout + r.stderr, (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
  return /^wrk (\S+)/m.exec(out)?.[1] ?? 'unknown';
}

async function gitCommit(repoDir: string): Promise<string> {
  try {
    const head = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoDir })).stdout.trim();
    const dirty = (await run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoDir })).stdout.trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
