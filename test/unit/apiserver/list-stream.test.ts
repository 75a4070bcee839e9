// The chunked LIST writer on a real HTTP connection: the exact bytes JSON.stringify gives the
// whole list, chunked transfer, waiting for the client to read, and stopping when it leaves.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { ChunkedListWriter, ClientGoneError } from '../../../src/apiserver/list-stream.js';
import type { KubeObject } from '../../../src/machinery/object.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A server whose only handler is `handle`; resolves to its port. */
async function serve(handle: (res: ServerResponse) => Promise<void>): Promise<number> {
  const server = createServer((_req, res) => void handle(res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => request({ port, host: '127.0.0.1', path: '/' }, resolve).on('error', reject).end());
}

async function body(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of res) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

const secret = (name: string, value = 'dmFsdWU='): KubeObject => ({
  kind: 'Secret', apiVersion: 'v1',
  metadata: { name, namespace: 'ns', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z' },
  data: { key: value }, type: 'Opaque',
});

describe('ChunkedListWriter', () => {
  it('writes the bytes of the whole list in one JSON.stringify, without Content-Length', async () => {
    const chunks = [[secret('a'), secret('b')], [], [secret('c')]];
    const port = await serve(async (res) => {
      const writer = new ChunkedListWriter(res, 'SecretList', 'v1');
      for (const chunk of chunks) await writer.write(chunk, '42');
      writer.end();
    });
    const res = await get(port);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(res.headers['content-length'], undefined);
    const items = chunks.flat().map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    const text = await body(res);
    assert.equal(text, JSON.stringify({ kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: '42' }, items }));
    assert.equal(text.slice(0, 96), '{"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"42"},"items":[{"metadata":');
  });

  it('writes an empty list as "items":[]', async () => {
    const port = await serve(async (res) => {
      const writer = new ChunkedListWriter(res, 'ConfigMapList', 'v1');
      await writer.write([], '5');
      writer.end();
    });
    assert.equal(await body(await get(port)), '{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[]}');
  });

  it('waits for the client to read before taking the next chunk', async () => {
    const big = 'x'.repeat(256 * 1024);
    const progress: number[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => { finished = resolve; });
    const port = await serve(async (res) => {
      const writer = new ChunkedListWriter(res, 'SecretList', 'v1');
      for (let i = 0; i < 40; i++) {
        await writer.write([secret(`s${i}`, big)], '9');
        progress.push(i);
      }
      writer.end();
      finished();
    });
    const res = await get(port);
    res.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // 40 chunks of 256 KiB = 10 MiB; an unread socket takes a few MiB at most before write() waits.
    const writtenWhilePaused = progress.length;
    assert.ok(writtenWhilePaused > 0 && writtenWhilePaused < 40, `chunks written while the client read nothing: ${writtenWhilePaused}`);
    const text = await body(res);
    await done;
    assert.deepEqual(progress, Array.from({ length: 40 }, (_, i) => i));
    const parsed = JSON.parse(text) as { items: KubeObject[] };
    assert.equal(parsed.items.length, 40);
    assert.equal(parsed.items[39]!.metadata.name, 's39');
  });

  it('stops with ClientGoneError when the client leaves mid-list', async () => {
    const big = 'y'.repeat(256 * 1024);
    let outcome!: (e: unknown) => void;
    const stopped = new Promise<unknown>((resolve) => { outcome = resolve; });
    const port = await serve(async (res) => {
      const writer = new ChunkedListWriter(res, 'SecretList', 'v1');
      try {
        for (let i = 0; i < 1000; i++) await writer.write([secret(`s${i}`, big)], '9');
        outcome(undefined);
      } catch (e) {
        outcome(e);
      }
    });
    const res = await get(port);
    res.pause();
    await new Promise((resolve) => setTimeout(resolve, 100));
    res.destroy();
    const error = await stopped;
    assert.ok(error instanceof ClientGoneError);
    assert.equal(error.message, 'the client closed the connection during the list');
  });
});
