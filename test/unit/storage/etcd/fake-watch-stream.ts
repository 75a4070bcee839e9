// A stand-in for etcd's gRPC watch stream: records what is written to it and lets a test play
// etcd's responses, failures and endings.
import { EventEmitter } from 'node:events';
import type { IEvent, IWatchRequest, IWatchResponse } from 'etcd3';
import type { OpenWatchStream, WatchStream } from '../../../../src/storage/etcd/etcd-watch-stream.js';

export class FakeWatchStream extends EventEmitter {
  readonly written: IWatchRequest[] = [];
  ended = false;
  cancelled = false;

  write(request: IWatchRequest): void {
    this.written.push(request);
  }

  end(): void {
    this.ended = true;
  }

  cancel(): void {
    this.cancelled = true;
  }

  respond(response: Partial<IWatchResponse> & { revision?: number }): void {
    const { revision = 0, ...fields } = response;
    const full: IWatchResponse = {
      header: { cluster_id: '1', member_id: '1', revision: String(revision), raft_term: '2' },
      watch_id: '0',
      created: false,
      canceled: false,
      compact_revision: '0',
      cancel_reason: '',
      fragment: false,
      events: [],
      ...fields,
    };
    this.emit('data', full);
  }

  fail(message = '14 UNAVAILABLE: Connection dropped'): void {
    this.emit('error', new Error(message));
  }
}

/** Opens a new fake stream per call; `streams` lists them in order. */
export function fakeStreams(): { open: OpenWatchStream; streams: FakeWatchStream[] } {
  const streams: FakeWatchStream[] = [];
  return {
    streams,
    open: async () => {
      const stream = new FakeWatchStream();
      streams.push(stream);
      return stream as unknown as WatchStream;
    },
  };
}

/** An etcd watch event on `key` at `revision` (a put unless `deleted`), with an optional previous mod revision. */
export function etcdEvent(key: string, revision: number, options: { value?: string; prevRevision?: number; deleted?: boolean; createRevision?: number } = {}): IEvent {
  const createRevision = String(options.createRevision ?? options.prevRevision ?? revision);
  const kv = (modRevision: number, value: string, created: string) => ({
    key: Buffer.from(key), create_revision: created, mod_revision: String(modRevision), version: '1', value: Buffer.from(value), lease: '0',
  });
  return {
    type: options.deleted ? 'Delete' : 'Put',
    kv: options.deleted ? kv(revision, '', '0') : kv(revision, options.value ?? 'v', createRevision),
    prev_kv: options.prevRevision ? kv(options.prevRevision, 'old', createRevision) : (null as never),
  };
}
