// x509 client certificates verified against the cluster CA during the TLS handshake:
// CN is the user name, each O a group (Kubernetes' x509 authenticator).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from './user.js';

/**
 * The certificate of a connection never changes, but Node rebuilds the peer-certificate object on
 * every call (a large share of a keep-alive GET's CPU), so the user is read once per socket.
 */
const usersBySocket = new WeakMap<TLSSocket, UserInfo | null>();

export function authenticateClientCertificate(req: IncomingMessage): UserInfo | undefined {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
  let user = usersBySocket.get(socket);
  if (user === undefined) {
    user = userOf(socket) ?? null;
    usersBySocket.set(socket, user);
  }
  return user ?? undefined;
}

function userOf(socket: TLSSocket): UserInfo | undefined {
  const cert = socket.getPeerCertificate();
  const cn = cert?.subject?.CN;
  if (!cn) return undefined;
  const o = cert.subject.O;
  const organizations = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username: String(cn), groups: [...organizations.map(String), 'system:authenticated'] };
}
