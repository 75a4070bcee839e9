// One `kubectl exec` session on the agent: the command runs as a child process of the agent in
// the container's context; its stdout/stderr go out on their channels, stdin comes in on channel
// 0 until the CLOSE signal, and the exit becomes the Status on the error channel, after which
// the WebSocket is closed normally (kubectl's stream readers end on that close).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { WebSocket } from 'ws';
import { execInvocation, type ExecTarget } from './exec-command.js';
import { CHANNEL, channelFrame, exitStatus, internalErrorStatus, type RequestedStreams } from './exec-protocol.js';

export interface ExecSessionOptions {
  target: ExecTarget;
  argv: string[];
  streams: RequestedStreams;
  nsenterPath: string;
}

/** Runs the command for the connected client; resolves when the session is over. */
export function runExecSession(ws: WebSocket, options: ExecSessionOptions): Promise<void> {
  const { file, args, env, cwd } = execInvocation(options.target, options.argv, options.nsenterPath);
  const { streams } = options;
  const child = spawn(file, args, { env, cwd, stdio: [streams.stdin ? 'pipe' : 'ignore', streams.stdout ? 'pipe' : 'ignore', streams.stderr ? 'pipe' : 'ignore'] });
  const send = (channel: number, data: Uint8Array) => { if (ws.readyState === ws.OPEN) ws.send(channelFrame(channel, data)); };
  child.stdout?.on('data', (d: Buffer) => send(CHANNEL.stdout, d));
  child.stderr?.on('data', (d: Buffer) => send(CHANNEL.stderr, d));
  child.stdin?.on('error', () => { /* the command stopped reading */ });

  ws.on('message', (message: Buffer, isBinary: boolean) => {
    if (!isBinary || message.length === 0 || !child.stdin) return;
    if (message[0] === CHANNEL.stdin) child.stdin.write(message.subarray(1));
    else if (message[0] === CHANNEL.close && message[1] === CHANNEL.stdin) child.stdin.end();
  });
  // A client that goes away takes its command with it.
  ws.on('close', () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });

  return new Promise((resolve) => {
    let finished = false;
    const finish = (status: Record<string, unknown>) => {
      if (finished) return;
      finished = true;
      send(CHANNEL.error, Buffer.from(JSON.stringify(status)));
      ws.close(1000);
      resolve();
    };
    child.once('error', (e) => finish(internalErrorStatus(e.message)));
    // 'close' comes after the exit and after the output streams ended, so nothing is cut short.
    child.once('close', (code, signal) => {
      const number = signal ? constants.signals[signal] : 0;
      finish(exitStatus(code ?? 128 + number, options.argv));
    });
  });
}
