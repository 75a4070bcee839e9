// A watch as an HTTP stream: newline-delimited {"type","object"} events, Table-wrapped when
// asked, ended by timeoutSeconds (default: random 30–60 minutes, as kube-apiserver) or the client.
// A watcher that does not read is closed once its unsent live events pass a limit, as
// kube-apiserver closes a watcher whose buffer stays full: the stream ends cleanly after what was
// already written, and the client resumes from the last resourceVersion it saw.
import type { KubeObject } from '../machinery/object.js';
import type { ApiWatchEvent } from '../registry/watch.js';
import type { ListQuery } from './query.js';
import type { HandlerContext } from './resource-handler.js';
import { negotiateOutput } from './respond.js';
import { parseIncludeObject, toTable, wantsTable } from './table.js';

const MIN_WATCH_TIMEOUT_S = 1800;

/** Bytes of live events a watcher may leave unread before it is closed. */
export const SLOW_WATCHER_LIMIT_BYTES = 16 * 1024 * 1024;

/** Encoded events: the dispatcher hands every watcher the same event objects, so each is encoded once. */
const serialized = new WeakMap<ApiWatchEvent, Buffer>();

export function encodeWatchEvent(event: ApiWatchEvent): Buffer {
  let line = serialized.get(event);
  if (line === undefined) {
    line = Buffer.from(`{"type":"${event.type}","object":${JSON.stringify(event.object)}}\n`);
    serialized.set(event, line);
  }
  return line;
}

export async function serveWatch(ctx: HandlerContext, namespace: string | undefined, q: ListQuery): Promise<void> {
  negotiateOutput(ctx.req.headers.accept);
  const { res, req, served } = ctx;
  const asTable = wantsTable(req.headers.accept);
  const include = parseIncludeObject(ctx.query.get('includeObject'));
  let firstTable = true;
  let ended = false;
  let stopWatch: (() => void) | undefined;
  const seconds = q.timeoutSeconds && q.timeoutSeconds > 0 ? q.timeoutSeconds : MIN_WATCH_TIMEOUT_S * (1 + Math.random());
  const finish = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    stopWatch?.();
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(finish, seconds * 1000);
  req.on('close', finish);
  res.on('close', finish);

  const startStream = () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  };
  const encode = (event: ApiWatchEvent): Buffer => {
    if (!asTable || event.type === 'ERROR' || event.type === 'BOOKMARK') return encodeWatchEvent(event);
    const table = toTable(served.def, [event.object as KubeObject], {}, include, new Date(), firstTable);
    firstTable = false;
    return Buffer.from(`${JSON.stringify({ type: event.type, object: table })}\n`);
  };
  // The first write (the initial state) may be large; only what the client leaves unread after it counts.
  let allowance: number | undefined;

  try {
    stopWatch = await served.watcher.watch(namespace, {
      labels: q.labels, fields: q.fields, resourceVersion: q.resourceVersion,
      sendInitialEvents: q.sendInitialEvents, allowWatchBookmarks: q.allowWatchBookmarks,
    }, {
      send: (events) => {
        if (ended) return;
        if (!res.headersSent) startStream();
        if (allowance !== undefined && res.writableLength > allowance) {
          finish();
          return;
        }
        const chunk = events.length === 1 ? encode(events[0]!) : Buffer.concat(events.map(encode));
        allowance ??= chunk.length + SLOW_WATCHER_LIMIT_BYTES;
        res.write(chunk);
      },
      end: finish,
    });
  } catch (e) {
    clearTimeout(timer);
    ended = true;
    throw e;
  }
  // The client may have gone while the watch was being set up.
  if (ended) stopWatch();
  else if (!res.headersSent) {
    startStream();
    res.flushHeaders();
  }
}
