// How a command that cannot do its job ends: one `error: …` line and exit status 1, as kubectl
// reports failures. Only Arca's own errors are known to carry a message meant for the user; any
// other error is a bug, so it keeps its stack.
import { StorageError } from '../storage/interface.js';

export function reportFailure(err: unknown): void {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exitCode = 1;
}

/** For the top level: storage that cannot be opened (etcd down, data dir in use) is the user's to fix. */
export function reportStartupFailure(err: unknown): void {
  if (err instanceof StorageError) reportFailure(err);
  else throw err;
}
