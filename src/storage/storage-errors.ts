// The one place StorageErrors are built, so every backend reports the same codes and texts.
import { StorageError, type KeyValue } from './interface.js';

export const storageErrors = {
  keyExists: (key: string, current: KeyValue) =>
    new StorageError('KeyExists', key, `key already exists: ${key}`, current),

  keyNotFound: (key: string) => new StorageError('KeyNotFound', key, `key not found: ${key}`),

  conflict: (key: string, current: KeyValue, expectedModRevision: number) =>
    new StorageError(
      'Conflict',
      key,
      `modRevision of ${key} is ${current.modRevision}, expected ${expectedModRevision}`,
      current,
    ),

  compacted: (key: string, revision: number, compactedRevision: number) =>
    new StorageError(
      'Compacted',
      key,
      `required revision ${revision} has been compacted (compacted revision ${compactedRevision})`,
      undefined,
      compactedRevision,
    ),

  futureRevision: (key: string, revision: number, currentRevision: number) =>
    new StorageError(
      'FutureRevision',
      key,
      `required revision ${revision} is a future revision (current revision ${currentRevision})`,
    ),

  closed: () => new StorageError('Unavailable', '', 'storage is closed'),

  /** The backend's file or directory is held by another process. */
  inUse: (path: string) => new StorageError('Unavailable', '', `${path} is in use by another process`),

  /** The backend refused the value for its size; the message is the backend's own (kube-apiserver shows etcd's). */
  requestTooLarge: (key: string, message: string) => new StorageError('RequestTooLarge', key, message),

  /** An unexpected backend failure (I/O error, disk full, …); `cause` keeps the original. */
  internal: (key: string, cause: unknown) => {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new StorageError('Internal', key, `storage failure: ${reason}`);
    error.cause = cause;
    return error;
  },
};
