// A watch as an HTTP stream: newline-delimited {"type","object"} events, Table-wrapped when
// asked, ended by timeoutSeconds (default: random 30–60 minutes, as kube-apiserver) or the client.
import type { KubeObject } from '../machinery/object.js';
import type { ApiWatchEvent } from '../registry/watch.js';
import type { ListQuery } from './query.js';
import type { HandlerContext } from './resource-handler.js';
import { negotiateOutput } from './respond.js';
import { parseIncludeObject, toTable, wantsTable } from './table.js';

const MIN_WATCH_TIMEOUT_S = 1800;

/** Serialized events, shared by every plain-JSON watcher of the same event. */
const serialized = new WeakMap<object, string>();

function encodePlain(event: ApiWatchEvent): string {
  let line = serialized.get(event.object);
  if (line === undefined || !line.startsWith(`{"type":"${event.type}"`)) {
    line = `{"type":"${event.type}","object":${JSON.stringify(event.object)}}\n`;
    serialized.set(event.object, line);
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
  const encode = (event: ApiWatchEvent): string => {
    if (!asTable || event.type === 'ERROR' || event.type === 'BOOKMARK') return encodePlain(event);
    const table = toTable(served.def, [event.object as KubeObject], {}, include, new Date(), firstTable);
    firstTable = false;
    return `${JSON.stringify({ type: event.type, object: table })}\n`;
  };

  try {
    stopWatch = await served.watcher.watch(namespace, {
      labels: q.labels, fields: q.fields, resourceVersion: q.resourceVersion,
      sendInitialEvents: q.sendInitialEvents, allowWatchBookmarks: q.allowWatchBookmarks,
    }, {
      send: (events) => {
        if (ended) return;
        if (!res.headersSent) startStream();
        res.write(events.map(encode).join(''));
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
