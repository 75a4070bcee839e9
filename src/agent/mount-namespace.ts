// Running a container's process in its own mount namespace (util-linux `unshare`), where each
// volume is bind-mounted at its mountPath, read-only when asked. Nothing propagates back to the
// host, and the mounts vanish with the namespace when the process exits.
export interface BindMount {
  /** Host path of the volume (or of the subPath inside it, already resolved). */
  source: string;
  /** mountPath in the container. */
  target: string;
  readOnly: boolean;
}

/** POSIX shell single-quoting. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Variables bash puts into the environment of what it execs; removed again unless the container set them. */
const SHELL_ADDED_VARIABLES = ['OLDPWD', 'PWD', 'SHLVL'];

/**
 * The argv that runs `argv` with `binds` applied in a private mount namespace. The wrapper shell
 * execs the command, so the container's process keeps the wrapper's pid. It is bash, not sh:
 * dash drops variables whose names are not shell identifiers (`CONFIG_app.properties`) on exec,
 * while Kubernetes passes every name through; what bash adds itself is removed with `env -u`.
 */
export function mountNamespaceCommand(binds: BindMount[], argv: string[], workingDir: string | undefined,
  containerEnv: Readonly<Record<string, string>>): string[] {
  const steps = binds.flatMap((b) => [
    `mount --bind ${shellQuote(b.source)} ${shellQuote(b.target)}`,
    ...(b.readOnly ? [`mount -o remount,bind,ro ${shellQuote(b.target)}`] : []),
  ]);
  // The working directory may itself be (inside) a mount, so it is entered after mounting.
  const enter = workingDir ? [`cd ${shellQuote(workingDir)}`] : [];
  const unset = SHELL_ADDED_VARIABLES.filter((name) => !Object.hasOwn(containerEnv, name)).map((name) => `-u ${name} `).join('');
  const script = ['set -e', ...steps, ...enter, `exec /usr/bin/env ${unset}-- "$@"`].join('\n');
  return ['unshare', '--mount', '--propagation', 'private', '--', '/bin/bash', '--norc', '--noprofile', '--posix', '-c', script, 'arca-container', ...argv];
}

/** Why a pod with volume mounts cannot run here, or undefined when it can (root on Linux). */
export function mountUnsupportedReason(platform: string, uid: number | undefined): string | undefined {
  if (platform !== 'linux') return `volume mounts need Linux mount namespaces; this agent runs on ${platform}`;
  if (uid !== 0) return `volume mounts need a private mount namespace, which needs root; this agent runs as uid ${uid}`;
  return undefined;
}
