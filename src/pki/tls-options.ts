import type { ServerOptions } from 'node:https';
import type { ClusterPki } from './cluster-pki.js';

/**
 * HTTPS listener options for the API server.
 *
 * Client certificates are requested and checked against the cluster CA, but a client
 * without one (or with an untrusted one) is still let in: like kube-apiserver, such a
 * request goes on to the other authenticators (bearer token) and otherwise becomes
 * anonymous, and is answered 401/403 by the pipeline rather than by a failed handshake.
 * The x509 authenticator must therefore trust a peer certificate only when
 * `socket.authorized` is true.
 *
 * ALPN offers only HTTP/1.1 for now; kubectl falls back to it when h2 is not offered.
 */
export function serverTlsOptions(pki: Pick<ClusterPki, 'ca' | 'serving'>): ServerOptions {
  return {
    cert: pki.serving.certPem,
    key: pki.serving.keyPem,
    ca: [pki.ca.certPem],
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
    minVersion: 'TLSv1.2',
  };
}
