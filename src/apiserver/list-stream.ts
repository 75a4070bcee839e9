// A JSON LIST answer written as it is read (as Kubernetes 1.33 streams list encoding, KEP-5116):
// the envelope, then each chunk of items serialized on its own, waiting for the socket to drain
// between chunks, so the server holds one chunk of the list rather than all of it.
// The bytes are those JSON.stringify would give the whole list; only Content-Length gives way to
// chunked transfer. Headers go out with the first chunk, so errors before it are still a Status;
// an error after it can only cut the response short (the client sees a truncated body).
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../machinery/object.js';

/** The client went away mid-list: stop reading. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection during the list');
  }
}

export class ChunkedListWriter {
  private started = false;
  private firstItem = true;

  constructor(private readonly res: ServerResponse, private readonly kind: string, private readonly apiVersion: string) {}

  /** Writes items (kind and apiVersion dropped, as inside kube-apiserver's lists); resolves once the socket can take more. */
  async write(items: KubeObject[], resourceVersion: string): Promise<void> {
    let text = '';
    if (!this.started) {
      this.started = true;
      this.res.writeHead(200, { 'Content-Type': 'application/json' });
      const envelope = JSON.stringify({ kind: this.kind, apiVersion: this.apiVersion, metadata: { resourceVersion }, items: [] });
      text = envelope.slice(0, -2); // up to and including "items":[
    }
    for (const { kind: _k, apiVersion: _a, ...item } of items) {
      text += this.firstItem ? JSON.stringify(item) : `,${JSON.stringify(item)}`;
      this.firstItem = false;
    }
    if (this.res.destroyed) throw new ClientGoneError();
    if (!this.res.write(text)) await drained(this.res);
  }

  end(): void {
    this.res.end(']}');
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      if (res.destroyed && !res.writableFinished) reject(new ClientGoneError());
      else resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
