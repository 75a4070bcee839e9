// What an etcd client failure means for a Store. etcd reports revision problems as gRPC
// OUT_OF_RANGE with mvcc's texts; connection problems as UNAVAILABLE, DEADLINE_EXCEEDED or
// CANCELLED (a channel torn down under the call), or as a closed client.
import { ClientClosedError, GRPCCancelledError, GRPCDeadlineExceededError, GRPCUnavailableError } from 'etcd3';
import { StorageError } from '../interface.js';

export type EtcdFailureKind = 'compacted' | 'futureRevision' | 'tooLarge' | 'unavailable' | 'other';

const COMPACTED_TEXT = 'mvcc: required revision has been compacted';
const FUTURE_REVISION_TEXT = 'mvcc: required revision is a future revision';
/** etcd's answer (gRPC INVALID_ARGUMENT) to a request above its --max-request-bytes. */
export const REQUEST_TOO_LARGE_TEXT = 'etcdserver: request is too large';

export function classifyEtcdError(err: unknown): EtcdFailureKind {
  if (!(err instanceof Error)) return 'other';
  if (err.message.includes(COMPACTED_TEXT)) return 'compacted';
  if (err.message.includes(FUTURE_REVISION_TEXT)) return 'futureRevision';
  if (err.message.includes(REQUEST_TOO_LARGE_TEXT)) return 'tooLarge';
  if (
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    err instanceof GRPCCancelledError ||
    err instanceof ClientClosedError
  ) {
    return 'unavailable';
  }
  return 'other';
}

/** etcd could not be reached (or did not answer in time); `cause` keeps the client's error. */
export function etcdUnavailable(endpoints: readonly string[], key: string, cause: unknown): StorageError {
  // grpc-js ends connection failures with an (often empty) name-resolution note.
  const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/\s*Resolution note:\s*$/, '');
  const error = new StorageError('Unavailable', key, `etcd is unavailable at ${endpoints.join(', ')}: ${reason}`);
  error.cause = cause;
  return error;
}
