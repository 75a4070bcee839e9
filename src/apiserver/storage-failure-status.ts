// What a request answers when storage fails underneath it, as kube-apiserver answers:
// - storage that cannot be reached or does not answer in time (etcd without quorum, every member
//   down) is storeerr's 500 ServerTimeout naming the operation, with Retry-After: 2, so clients
//   such as client-go retry rather than fail;
// - a value above etcd's --max-request-bytes is etcd's own text as a 500 without a reason, as
//   kube-apiserver passes it through (its create/update handlers only retry without managedFields).
import { errors } from '../machinery/status.js';
import { StorageError } from '../storage/interface.js';
import type { ResourceRequestInfo } from './request-info.js';

const RETRY_AFTER_SECONDS = 2;

/** The operation storeerr names for a verb. */
const OPERATIONS: Record<string, string> = {
  get: 'get', list: 'list', watch: 'watch', create: 'create', update: 'update', patch: 'update', delete: 'delete', deletecollection: 'delete',
};

/** The Status error for a storage failure, or `err` itself when it is not one of these. */
export function storageFailureStatus(err: unknown, info: ResourceRequestInfo): unknown {
  if (!(err instanceof StorageError)) return err;
  if (err.code === 'RequestTooLarge') return errors.unknown(err.message);
  if (err.code !== 'Unavailable') return err;
  const timeout = errors.serverTimeout({ group: info.group, resource: info.resource }, OPERATIONS[info.verb] ?? info.verb, RETRY_AFTER_SECONDS);
  timeout.cause = err;
  return timeout;
}
