// x509 client certificates verified against the cluster CA during the TLS handshake:
// CN is the user name, each O a group (Kubernetes' x509 authenticator).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from './user.js';

export function authenticateClientCertificate(req: IncomingMessage): UserInfo | undefined {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
  const cert = socket.getPeerCertificate();
  const cn = cert?.subject?.CN;
  if (!cn) return undefined;
  const o = cert.subject.O;
  const organizations = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username: String(cn), groups: [...organizations.map(String), 'system:authenticated'] };
}
