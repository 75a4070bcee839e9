// Acknowledged writes survive kill -9: write through the API, SIGKILL the server, start it on the
// same data directory and read every acknowledged object back.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startArcaServerProcess, tempDir, type ArcaProcess } from '../helpers/arca-process.js';
import { rawRequest } from '../helpers/http.js';

const running: ArcaProcess[] = [];
after(async () => { for (const p of running) await p.cleanup(); });

describe('durability', () => {
  it('loses no acknowledged write when the server is killed with SIGKILL mid-load', async () => {
    const dataDir = tempDir();
    const first = await startArcaServerProcess({ dataDir });
    running.push(first);
    const acknowledged = new Map<string, string>();
    let stop = false;
    // Eight concurrent writers create and update until the kill cuts them off.
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const name = `w${w}-${i}`;
        try {
          const res = await rawRequest(first.url, 'POST', '/api/v1/namespaces/default/configmaps',
            JSON.stringify({ metadata: { name }, data: { i: String(i) } }));
          if (res.status === 201) acknowledged.set(name, res.json().metadata.resourceVersion);
        } catch {
          return; // connection cut by the kill
        }
      }
    });
    await new Promise((r) => setTimeout(r, 700));
    await first.kill9();
    stop = true;
    await Promise.all(writers);
    assert.ok(acknowledged.size > 50, `only ${acknowledged.size} writes were acknowledged before the kill`);

    const second = await startArcaServerProcess({ dataDir });
    running.push(second);
    const list = await rawRequest(second.url, 'GET', '/api/v1/namespaces/default/configmaps');
    const stored = new Map<string, string>(list.json().items.map((i: any) => [i.metadata.name, i.metadata.resourceVersion]));
    for (const [name, rv] of acknowledged) {
      assert.equal(stored.get(name), rv, `acknowledged ${name} at resourceVersion ${rv} is missing after kill -9`);
    }
  });
});
