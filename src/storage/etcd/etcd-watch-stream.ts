// One gRPC watch stream (etcd's Watch RPC), as the etcd3 library hands it out.
import type { IDuplexStream, IWatchRequest, IWatchResponse } from 'etcd3';

export type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

/** Opens a fresh watch stream (a new gRPC call). */
export type OpenWatchStream = () => Promise<WatchStream>;

/**
 * Ends a stream we no longer want. Half-closing first matters: the library treats an error on a
 * still-writable stream as a failed host and tears down every connection to it, and cancelling
 * makes the stream report CANCELLED.
 */
export function endQuietly(stream: WatchStream): void {
  stream.on('error', () => {});
  stream.end();
  stream.cancel();
}
