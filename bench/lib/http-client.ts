// A keep-alive HTTP(S) client for load: one agent with a fixed pool of connections, client
// certificates when given. Deliberately thin (no retries, no parsing) so it costs the
// load generator as little as possible.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface ClientTls {
  ca: string;
  cert?: string;
  key?: string;
}

export interface HttpResponse {
  status: number;
  body: Buffer;
}

export interface HttpClientOptions {
  /** Connections kept open (and requests in flight at most). */
  connections: number;
  tls?: ClientTls;
}

export class HttpClient {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(baseUrl: string, private readonly options: HttpClientOptions) {
    this.url = new URL(baseUrl);
    const pool = { keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections };
    const secure = this.url.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ ...pool, ...options.tls }) : new HttpAgent(pool);
    this.send = secure ? httpsRequest : httpRequest;
  }

  get baseUrl(): string {
    return this.url.origin;
  }

  /** A client for the same server with its own pool (e.g. one long-lived watch per connection). */
  withConnections(connections: number): HttpClient {
    return new HttpClient(this.url.origin, { ...this.options, connections });
  }

  request(method: string, path: string, body?: string): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { Accept: 'application/json' };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(body);
      }
      const req = this.send({
        host: this.url.hostname, port: this.url.port, method, path, agent: this.agent, headers,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A request whose response is a stream the caller reads (watches). */
  stream(path: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = this.send({
        host: this.url.hostname, port: this.url.port, method: 'GET', path, agent: this.agent, headers: { Accept: 'application/json' },
      }, resolve);
      req.on('error', reject);
      req.end();
    });
  }

  /** Like `request`, but a status other than `expected` is an error naming the request. */
  async expect(expected: number, method: string, path: string, body?: string): Promise<Buffer> {
    const res = await this.request(method, path, body);
    if (res.status !== expected) {
      throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${res.body.toString('utf8').slice(0, 500)}`);
    }
    return res.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
