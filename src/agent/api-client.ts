// The agent's only way to the cluster: JSON over HTTPS to the API server with its own client
// certificate, like any other client. Plain requests answer parsed JSON; watches stream events.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ApiConnection {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
}

/** A non-2xx answer; `status` is the decoded Status body when there is one. */
export class ApiError extends Error {
  constructor(readonly code: number, readonly reason: string, readonly status: unknown) {
    super(`API answered ${code} ${reason}`);
  }
}

export interface WatchEvent<T = any> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
}

export interface ApiClient {
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /**
   * Streams watch events until the server ends the stream or `signal` aborts.
   * Resolves when the stream ends; rejects on transport errors or a non-2xx answer.
   */
  watch(path: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
}

export function createApiClient(connection: ApiConnection): ApiClient {
  const base = new URL(connection.server);
  const secure = base.protocol === 'https:';

  function open(method: string, path: string, headers: Record<string, string>, signal?: AbortSignal) {
    const url = new URL(path, base);
    const send = secure ? httpsRequest : httpRequest;
    return send(url, {
      method, headers, signal,
      ...(secure ? { ca: connection.caPem, cert: connection.certPem, key: connection.keyPem } : {}),
    });
  }

  function readAll(res: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; });
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
  }

  function apiError(code: number, text: string): ApiError {
    let status: any;
    try { status = JSON.parse(text); } catch { status = text; }
    return new ApiError(code, typeof status === 'object' && status?.reason ? status.reason : String(code), status);
  }

  return {
    request(method, path, options = {}) {
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = options.contentType ?? 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      return new Promise((resolve, reject) => {
        const req = open(method, path, headers);
        req.on('response', (res) => {
          readAll(res).then((text) => {
            const code = res.statusCode ?? 0;
            if (code < 200 || code > 299) reject(apiError(code, text));
            else resolve(text === '' ? undefined : JSON.parse(text));
          }, reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    },

    watch(path, onEvent, signal) {
      return new Promise((resolve, reject) => {
        const req = open('GET', path, { accept: 'application/json' }, signal);
        req.on('response', (res) => {
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) {
            readAll(res).then((text) => reject(apiError(code, text)), reject);
            return;
          }
          let pending = '';
          res.setEncoding('utf8').on('data', (d: string) => {
            pending += d;
            for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
              const line = pending.slice(0, newline).trim();
              pending = pending.slice(newline + 1);
              if (line !== '') onEvent(JSON.parse(line) as WatchEvent);
            }
          });
          res.on('end', () => resolve());
          res.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
        });
        req.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
        req.end();
      });
    },
  };
}

/** `a=b` field selectors and other query values, encoded for a URL. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined) as Array<[string, string | number | boolean]>;
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}
