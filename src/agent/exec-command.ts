// How a command exec'd into a container is started: with the container's environment, in its
// working directory and, when the container has its own mount namespace, inside that namespace
// (util-linux `nsenter -t <pid> -m --wd`, which also takes the working directory of that process).
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the agent knows of a running container to exec into it. */
export interface ExecTarget {
  /** The container's main process. */
  pid: number;
  env: Record<string, string>;
  workingDir: string;
  /** Whether the container runs in its own mount namespace (it has volume mounts). */
  mountNamespace: boolean;
}

export interface ExecInvocation { file: string; args: string[]; env: Record<string, string>; cwd: string }

export function execInvocation(target: ExecTarget, argv: readonly string[], nsenterPath: string): ExecInvocation {
  if (!target.mountNamespace) return { file: argv[0]!, args: argv.slice(1), env: target.env, cwd: target.workingDir };
  // nsenter enters the namespace, then changes to the process's own working directory there.
  return { file: nsenterPath, args: ['-t', String(target.pid), '-m', '--wd', '--', ...argv], env: target.env, cwd: '/' };
}

/** nsenter as found on the agent's own PATH (the container's PATH may not hold it). */
export function hostExecutable(name: string, path = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return name;
}
