// Writing answers: objects and Status errors as JSON (or YAML when asked), Warning headers.
import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { recordResponseObject, recordResponseObjectLazily } from '../audit/capture.js';
import { errors, StatusError, type Status } from '../machinery/status.js';

export type OutputFormat = 'json' | 'yaml';

/** Picks JSON or YAML from Accept; anything else that names neither (nor a wildcard) is 406. */
export function negotiateOutput(accept: string | undefined): OutputFormat {
  if (!accept || accept === 'application/json' || accept === '*/*') return 'json';
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  for (const t of types) {
    if (t === 'application/json' || t === '*/*' || t === 'application/*' || t === '') return 'json';
    if (t === 'application/yaml') return 'yaml';
  }
  // Protobuf-only clients: we answer JSON anyway only if they also accept it, as client-go does.
  throw errors.notAcceptable(['application/json', 'application/yaml']);
}

/** Kubernetes' Warning header: `299 - "<text>"` (quotes and backslashes escaped). */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function addWarnings(res: ServerResponse, warnings: string[]): void {
  if (!warnings.length || res.headersSent) return;
  const unique = [...new Set(warnings)];
  const existing = res.getHeader('Warning');
  const prior = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  res.setHeader('Warning', [...prior, ...unique.map(warningHeader)]);
}

export function sendObject(res: ServerResponse, code: number, body: unknown, format: OutputFormat = 'json', contentType?: string): void {
  const text = format === 'yaml' ? toYaml(body) : JSON.stringify(body);
  recordResponseObject(res, body);
  res.writeHead(code, {
    'Content-Type': contentType ?? (format === 'yaml' ? 'application/yaml' : 'application/json'),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** An object already serialized to JSON (the serialized-object cache); `object` is for the audit log. */
export function sendJsonBytes(res: ServerResponse, code: number, json: Buffer, object: () => unknown): void {
  recordResponseObjectLazily(res, object);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': json.length });
  res.end(json);
}

export function sendStatus(res: ServerResponse, status: Status, format: OutputFormat = 'json'): void {
  sendObject(res, status.code ?? 200, status, format);
}

/** Any thrown error becomes a Status; unexpected ones are 500 InternalError and logged. */
export function sendError(res: ServerResponse, err: unknown, format: OutputFormat = 'json', log: (e: unknown) => void = () => {}): void {
  let status: Status;
  if (err instanceof StatusError) {
    status = err.status;
    addWarnings(res, err.warnings);
  } else {
    log(err);
    status = errors.internal(err instanceof Error ? err.message : String(err)).status;
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // As kube-apiserver: a Status that names a retry delay says so in Retry-After too (client-go retries on it).
  if (status.details?.retryAfterSeconds) res.setHeader('Retry-After', String(status.details.retryAfterSeconds));
  sendStatus(res, status, format);
}
