// The etcd baseline: raw puts and gets of 1 KiB values through `etcd3`, the client library Arca's
// etcd backend uses, in this (client) process, closed-loop at a given concurrency. This is the
// ceiling an API server that stores each object as one etcd key can reach on this etcd.
import { randomBytes } from 'node:crypto';
import { Etcd3 } from 'etcd3';
import { warmThenRun, type LoadResult } from './closed-loop.js';
import { PAYLOAD_BYTES } from './objects.js';

export type EtcdOperation = 'put' | 'get';

const PREFIX = '/bench-raw';

export class EtcdBaseline {
  private readonly client: Etcd3;
  private readonly value = randomBytes(PAYLOAD_BYTES);
  private round = 0;

  constructor(endpoint: string) {
    this.client = new Etcd3({ hosts: endpoint });
  }

  /** Puts of fresh keys (one per operation), or gets of one existing key per worker. */
  async measure(operation: EtcdOperation, concurrency: number, warmupMs: number, durationMs: number): Promise<LoadResult> {
    const prefix = `${PREFIX}/r${this.round++}-c${concurrency}`;
    if (operation === 'put') {
      let next = 0;
      return warmThenRun(concurrency, warmupMs, durationMs, async () => {
        await this.client.put(`${prefix}/${next++}`).value(this.value);
      });
    }
    await Promise.all(Array.from({ length: concurrency }, (_, worker) => this.client.put(`${prefix}/w${worker}`).value(this.value)));
    return warmThenRun(concurrency, warmupMs, durationMs, async (worker) => {
      const got = await this.client.get(`${prefix}/w${worker}`).buffer();
      if (got?.length !== PAYLOAD_BYTES) throw new Error(`raw etcd get ${prefix}/w${worker}: ${got?.length ?? 'no'} bytes`);
    });
  }

  close(): void {
    this.client.close();
  }
}
