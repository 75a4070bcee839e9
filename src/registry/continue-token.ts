// List continue tokens in Kubernetes' format: unpadded base64url of
// {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<next key relative to the list prefix>"}.
import { errors } from '../machinery/status.js';

interface ContinueToken { v: string; rv: number; start: string }

export function encodeContinue(nextKey: string, prefix: string, revision: number): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: revision, start: nextKey.slice(prefix.length) };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(token: string, prefix: string): { startKey: string; revision: number } {
  let parsed: ContinueToken;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw errors.badRequest('invalid continue token: continue key is not valid: illegal base64 or JSON');
  }
  if (parsed?.v !== 'meta.k8s.io/v1') {
    throw errors.badRequest(`invalid continue token: continue key is not valid: server does not recognize this encoded version "${String(parsed?.v)}"`);
  }
  if (typeof parsed.start !== 'string' || parsed.start.length === 0) {
    throw errors.badRequest('invalid continue token: continue key is not valid: encoded start key empty');
  }
  // The start key is relative to the list prefix; reject anything that escapes it.
  const cleaned = parsed.start.replace(/^\/+/, '');
  if (cleaned.split('/').includes('..')) {
    throw errors.badRequest(`invalid continue token: continue key is not valid: "${parsed.start}"`);
  }
  if (typeof parsed.rv !== 'number' || !Number.isInteger(parsed.rv)) {
    throw errors.badRequest('invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  return { startKey: prefix + cleaned, revision: parsed.rv };
}
