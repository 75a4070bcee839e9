// etcd says "required revision has been compacted" on a read without saying up to where.
// A watch that starts at that revision is refused with the compacted revision itself, so
// opening one (on a key nobody writes) and waiting for the refusal tells us exactly.
import type { OpenWatchStream, WatchStream } from './etcd-watch-stream.js';
import { endQuietly } from './etcd-watch-stream.js';

const PROBE_TIMEOUT_MS = 5_000;

/**
 * The compacted revision, learned by watching `key` from `compactedRead` (a revision a read was
 * just refused at); undefined when etcd does not answer in time or the stream fails.
 */
export function probeCompactedRevision(
  openStream: OpenWatchStream,
  key: Buffer,
  compactedRead: number,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    let stream: WatchStream | undefined;
    let done = false;
    const finish = (revision: number | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (stream) endQuietly(stream);
      resolve(revision);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    openStream().then(
      (opened) => {
        stream = opened;
        if (done) {
          endQuietly(opened);
          return;
        }
        opened.on('data', (response) => {
          const compacted = Number(response.compact_revision);
          if (response.canceled) finish(compacted > 0 ? compacted : undefined);
        });
        opened.on('error', () => finish(undefined));
        opened.on('end', () => finish(undefined));
        opened.write({ create_request: { key, start_revision: Math.max(compactedRead, 1) } });
      },
      () => finish(undefined),
    );
  });
}
