// The wire of `kubectl exec` over WebSocket (k8s.io/apimachinery remotecommand + wsstream): every
// binary message is one channel byte then data; the last word is a metav1.Status on the error
// channel. v5.channel.k8s.io adds the CLOSE signal (255, channel) kubectl sends when stdin ends.
export const EXEC_SUBPROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** The subprotocol answered to what the client offered, newest first; false when none fits. */
export function chooseSubprotocol(offered: ReadonlySet<string>): string | false {
  return EXEC_SUBPROTOCOLS.find((p) => offered.has(p)) ?? false;
}

/** One message: the channel byte, then the data. */
export function channelFrame(channel: number, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([channel]), data]);
}

/** The status the kubelet writes on the error channel when the command ended with `exitCode`. */
export function exitStatus(exitCode: number, argv: readonly string[]): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {}, status: 'Failure',
    // The runtime's words (containerd's CodeExitError) with Go's %v of the command slice.
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** The status for a command that could not be run at all (an internal error, as the kubelet answers). */
export function internalErrorStatus(message: string): Record<string, unknown> {
  return {
    metadata: {}, status: 'Failure', message: `Internal error occurred: ${message}`, reason: 'InternalError',
    details: { causes: [{ message }] }, code: 500,
  };
}

/** Which of the standard streams the request asked for (`stdin=true&stdout=true&stderr=true`). */
export interface RequestedStreams { stdin: boolean; stdout: boolean; stderr: boolean }

export function requestedStreams(query: URLSearchParams): RequestedStreams {
  const on = (name: string) => ['true', '1'].includes(query.get(name) ?? '');
  return { stdin: on('stdin'), stdout: on('stdout'), stderr: on('stderr') };
}
