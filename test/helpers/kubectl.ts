// The real kubectl (/usr/bin/kubectl) driven against a test server with a kubeconfig.
// Every runner has its own HOME (the installed kubectl is a version dispatcher that caches its
// choice per server under ~/.kube) and its own --cache-dir, so test files never share state.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const KUBECTL = '/usr/bin/kubectl';

export interface KubectlResult { code: number; stdout: string; stderr: string }

export interface RunOptions {
  /** Extra environment (e.g. EDITOR); HOME, PATH and KUBECONFIG are always set. */
  env?: Record<string, string>;
  /** Text on stdin; without it stdin is /dev/null. */
  stdin?: string;
  /** Overrides the kubeconfig for this run. */
  kubeconfig?: string;
}

/** A long-running kubectl (e.g. `get -w`): read its output while it runs, then stop it. */
export interface RunningKubectl {
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches, or rejects after `timeoutMs` with what was printed so far. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The same for stderr (e.g. `-v=6` request logs that show how far kubectl got). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when kubectl exits by itself, or rejects after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<KubectlResult>;
  /** SIGTERM, then the result (code is 128 + signal number when killed by it). */
  stop(): Promise<KubectlResult>;
}

export interface Kubectl {
  /** The working directory of every command (files written with `file` live here). */
  readonly workDir: string;
  readonly home: string;
  readonly kubeconfig: string;
  run(args: string[], options?: RunOptions): Promise<KubectlResult>;
  /** Runs `sh -c script` in workDir with KUBECONFIG set, so guide pipelines run verbatim. */
  shell(script: string, options?: RunOptions): Promise<KubectlResult>;
  start(args: string[], options?: RunOptions): RunningKubectl;
  /** Writes `text` to workDir/relativePath (creating folders) and returns relativePath. */
  file(relativePath: string, text: string | Buffer): string;
  cleanup(): void;
}

const PATH = '/usr/local/bin:/usr/bin:/bin';

export function createKubectl(kubeconfig: string): Kubectl {
  if (!existsSync(KUBECTL)) {
    throw new Error(`these tests drive the real kubectl, but ${KUBECTL} does not exist: install kubectl (1.32, or a dispatcher bundling it) at ${KUBECTL}`);
  }
  const root = mkdtempSync(join(tmpdir(), 'arca-kubectl-'));
  const home = join(root, 'home');
  const workDir = join(root, 'work');
  const cacheDir = join(root, 'cache');
  for (const dir of [home, workDir, cacheDir]) mkdirSync(dir);

  /** Children still running, killed by cleanup() so a failed test never leaves a watch behind. */
  const running = new Set<ChildProcess>();
  const environment = (options: RunOptions) => ({
    PATH, HOME: home, KUBECONFIG: options.kubeconfig ?? kubeconfig, ...options.env,
  });
  const kubectlArgs = (args: string[], options: RunOptions) =>
    ['--kubeconfig', options.kubeconfig ?? kubeconfig, '--cache-dir', cacheDir, ...args];

  const start = (file: string, args: string[], options: RunOptions) => {
    const child = spawn(file, args, {
      cwd: workDir, env: environment(options), stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const done = new Promise<KubectlResult>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), stdout, stderr }));
    });
    running.add(child);
    void done.finally(() => running.delete(child)).catch(() => {});
    return { child, done, stdout: () => stdout, stderr: () => stderr };
  };
  const describeRun = (args: string[], out: string, err: string) => `kubectl ${args.join(' ')}; stdout:\n${out}\nstderr:\n${err}`;

  return {
    workDir, home, kubeconfig,
    run: (args, options = {}) => start(KUBECTL, kubectlArgs(args, options), options).done,
    shell: (script, options = {}) => start('/bin/sh', ['-c', script], options).done,
    start(args, options = {}) {
      const proc = start(KUBECTL, kubectlArgs(args, options), options);
      const waitForOutput = async (output: () => string, pattern: RegExp, timeoutMs = 10_000) => {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(output())) {
          if (proc.child.exitCode !== null || proc.child.signalCode !== null || Date.now() > deadline) {
            throw new Error(`no ${pattern} from ${describeRun(args, proc.stdout(), proc.stderr())}`);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      return {
        stdout: proc.stdout,
        stderr: proc.stderr,
        waitForStdout: (pattern, timeoutMs) => waitForOutput(proc.stdout, pattern, timeoutMs),
        waitForStderr: (pattern, timeoutMs) => waitForOutput(proc.stderr, pattern, timeoutMs),
        exited(timeoutMs = 10_000) {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms: ${describeRun(args, proc.stdout(), proc.stderr())}`)), timeoutMs);
          });
          return Promise.race([proc.done, timeout]).finally(() => clearTimeout(timer));
        },
        stop() {
          if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM');
          return proc.done;
        },
      };
    },
    file(relativePath, text) {
      const path = join(workDir, relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return relativePath;
    },
    cleanup() {
      for (const child of running) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Asserts a command's output line by line: a string must equal its line, a RegExp must match it
 * (for server-computed cells such as AGE). The line counts must agree too.
 */
export function assertLines(actual: string, expected: (string | RegExp)[]): void {
  const lines = actual === '' ? [] : (actual.endsWith('\n') ? actual.slice(0, -1) : actual).split('\n');
  const mismatch = () => `output:\n${actual}\nexpected:\n${expected.map(String).join('\n')}`;
  assert.equal(lines.length, expected.length, `line count differs; ${mismatch()}`);
  expected.forEach((want, i) => {
    if (typeof want === 'string') assert.equal(lines[i], want, `line ${i + 1} differs; ${mismatch()}`);
    else assert.match(lines[i]!, want, `line ${i + 1} differs; ${mismatch()}`);
  });
  assert.ok(actual === '' || actual.endsWith('\n'), `output does not end with a newline: ${JSON.stringify(actual)}`);
}

/** A success: exit code 0, exactly `stdout`, nothing on stderr. */
export function assertSuccess(result: KubectlResult, stdout: string): void {
  assert.deepEqual(result, { code: 0, stdout, stderr: '' });
}

/** A failure: exit code 1, nothing on stdout, exactly `stderr`. */
export function assertFailure(result: KubectlResult, stderr: string): void {
  assert.deepEqual(result, { code: 1, stdout: '', stderr });
}

/**
 * Replaces the values the server generates (uid, creationTimestamp, resourceVersion) in kubectl's
 * YAML or JSON output by `<uid>`, `<time>` and `<rv>`; only well-formed values are replaced, so an
 * exact comparison of the result also checks their format.
 */
export function maskGenerated(text: string): string {
  return text
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\b/g, '<uid>')
    .replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g, '"<time>"')
    .replace(/(resourceVersion"?: )"[1-9]\d*"/g, '$1"<rv>"');
}
