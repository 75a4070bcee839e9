// The baseline: a bare node:http / node:https server that answers every request with the same
// bytes Arca answers a GET of the benchmark ConfigMap (same headers that matter, same length).
// HTTPS uses Arca's own listener options and certificates, so the TLS work is identical.
// Run as a child process: node bare-server-main.js <body-file> [<arca-data-dir> for HTTPS]
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { clusterPkiPaths } from '../../src/pki/cluster-pki.js';
import { serverTlsOptions } from '../../src/pki/tls-options.js';

const [bodyFile, tlsDataDir] = process.argv.slice(2);
if (!bodyFile) throw new Error('usage: bare-server-main.js <body-file> [<arca-data-dir>]');
const body = readFileSync(bodyFile);

const answer = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
};

const server = tlsDataDir ? createHttpsServer(serverTlsOptions(readPki(tlsDataDir)), answer) : createHttpServer(answer);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`bare server listening on ${tlsDataDir ? 'https' : 'http'}://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

function readPki(dataDir: string) {
  const paths = clusterPkiPaths(dataDir);
  const pair = (cert: string, key: string) => ({ certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') });
  return { ca: pair(paths.caCert, paths.caKey), serving: pair(paths.servingCert, paths.servingKey) };
}
