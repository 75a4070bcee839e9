import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { type ClusterPki, ensureClusterPki } from '../../../src/pki/cluster-pki.js';
import { writeKubeconfig } from '../../../src/pki/kubeconfig.js';
import { serverTlsOptions } from '../../../src/pki/tls-options.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-arca' };

interface PeerSeen {
  path: string;
  authorized: boolean;
  subject: { CN: string | string[] | undefined; O: string | string[] | undefined } | null;
  alpnProtocol: string | false | null;
}

/** What the TLS layer tells the request handler about the client. */
function peerOf(req: IncomingMessage): PeerSeen {
  const socket = req.socket as TLSSocket;
  const certificate = socket.getPeerCertificate();
  const hasCertificate = certificate !== null && Object.keys(certificate).length > 0;
  return {
    path: (req.url ?? '').split('?')[0],
    authorized: socket.authorized,
    subject: hasCertificate ? { CN: certificate.subject.CN, O: certificate.subject.O } : null,
    alpnProtocol: socket.alpnProtocol,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('serverTlsOptions', () => {
  it('serves the serving pair, trusts the cluster CA, asks for but does not require client certificates', async () => {
    const pki = {
      ca: { certPem: 'CA PEM', keyPem: 'CA KEY' },
      serving: { certPem: 'SERVING PEM', keyPem: 'SERVING KEY' },
    };
    assert.deepEqual(serverTlsOptions(pki), {
      cert: 'SERVING PEM',
      key: 'SERVING KEY',
      ca: ['CA PEM'],
      requestCert: true,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      minVersion: 'TLSv1.2',
    });
  });
});

describe('cluster PKI end to end with an https server and kubectl', () => {
  let workDir: string;
  let pki: ClusterPki;
  let server: Server;
  let port: number;
  const seen: PeerSeen[] = [];

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'arca-tls-'));
    pki = await ensureClusterPki(join(workDir, 'data'), { extraSans: [] });
    server = createServer(serverTlsOptions(pki), (req, res) => {
      const peer = peerOf(req);
      seen.push(peer);
      if (peer.path === '/version') sendJson(res, 200, VERSION);
      else if (peer.path === '/peer') sendJson(res, 200, peer);
      else sendJson(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(workDir, { recursive: true, force: true });
  });

  async function kubectl(args: string[]): Promise<string> {
    const home = join(workDir, 'home');
    await mkdir(home, { recursive: true });
    const kubeconfig = join(workDir, 'kubeconfig');
    await writeKubeconfig(kubeconfig, {
      server: `https://127.0.0.1:${port}`,
      caPem: pki.ca.certPem,
      clientCertPem: pki.admin.certPem,
      clientKeyPem: pki.admin.keyPem,
      clusterName: 'arca',
      userName: 'arca-admin',
      contextName: 'arca',
    });
    const { stdout } = await run(KUBECTL, ['--kubeconfig', kubeconfig, ...args], {
      env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' },
      timeout: 60_000,
    });
    return stdout;
  }

  it('kubectl version verifies the serving certificate and presents the admin client certificate', async () => {
    seen.length = 0;
    const output = JSON.parse(await kubectl(['version', '-o', 'json'])) as { serverVersion?: { gitVersion?: string } };
    assert.equal(output.serverVersion?.gitVersion, 'v1.32.0-arca');
    const versionRequests = seen.filter((peer) => peer.path === '/version');
    assert.notEqual(versionRequests.length, 0);
    for (const peer of versionRequests) {
      assert.deepEqual(peer, {
        path: '/version',
        authorized: true,
        subject: { CN: 'arca-admin', O: 'system:masters' },
        alpnProtocol: 'http/1.1',
      });
    }
  });

  it('the server sees the admin identity on any request kubectl makes', async () => {
    const output = JSON.parse(await kubectl(['get', '--raw', '/peer']));
    assert.deepEqual(output, {
      path: '/peer',
      authorized: true,
      subject: { CN: 'arca-admin', O: 'system:masters' },
      alpnProtocol: 'http/1.1',
    });
  });

  it('a client without a certificate still reaches the handler, as unauthenticated', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/peer', ca: pki.ca.certPem, servername: 'localhost' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    assert.deepEqual(JSON.parse(body), { path: '/peer', authorized: false, subject: null, alpnProtocol: false });
  });

  it('openssl accepts the chain', async () => {
    const { stdout } = await run('/usr/bin/openssl', ['verify', '-CAfile', pki.paths.caCert, pki.paths.servingCert, pki.paths.adminCert]);
    assert.equal(stdout, `${pki.paths.servingCert}: OK\n${pki.paths.adminCert}: OK\n`);
  });
});
