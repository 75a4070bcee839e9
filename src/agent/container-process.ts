// One container run as a host process: its own process group (so everything it forked can be
// stopped with it, as a runtime stops a container's cgroup), exactly the environment it was given,
// and its output captured to a CRI log file.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { captureOutput } from './container-logs.js';

export interface ProcessSpec {
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
  logPath: string;
}

export interface ProcessExit {
  exitCode: number;
  /** The signal number when the process was killed by one. */
  signal?: number;
  finishedAt: Date;
}

export interface ContainerProcess {
  pid: number;
  startedAt: Date;
  /** Resolves once the process exited, the rest of its group was killed, and its output is on disk. */
  exited: Promise<ProcessExit>;
  /** Sends a signal to the main process only (reloads, graceful stop). */
  signal(name: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL to the whole group after `graceMs`; resolves with the exit. */
  stop(graceMs: number): Promise<ProcessExit>;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pid, signal); } catch { /* the group is already gone */ }
}

/** Starts the process; rejects when it cannot be started at all (e.g. the executable does not exist). */
export function startContainerProcess(spec: ProcessSpec): Promise<ContainerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.argv[0]!, spec.argv.slice(1), {
      env: spec.env, cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = captureOutput(spec.logPath, { stdout: child.stdout!, stderr: child.stderr! });
    child.once('error', (e) => reject(e));
    child.once('spawn', () => {
      const pid = child.pid!;
      const startedAt = new Date();
      const exited = new Promise<ProcessExit>((done) => {
        child.once('exit', (code, signal) => {
          const finishedAt = new Date();
          // A container ends when its main process does: whatever it left running goes too.
          killGroup(pid, 'SIGKILL');
          const signalNumber = signal ? constants.signals[signal] : undefined;
          const exit = { exitCode: code ?? 128 + (signalNumber ?? 0), ...(signalNumber ? { signal: signalNumber } : {}), finishedAt };
          void output.closed.then(() => done(exit));
        });
      });
      resolve({
        pid, startedAt, exited,
        signal(name) { try { process.kill(pid, name); } catch { /* already exited */ } },
        stop(graceMs) {
          try { process.kill(pid, 'SIGTERM'); } catch { /* already exited */ }
          const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
          return exited.finally(() => clearTimeout(timer));
        },
      });
    });
  });
}
