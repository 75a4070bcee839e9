// Arca on a 3-member etcd when things die, with real processes only: the etcd leader and one of
// two Arca servers are killed (-9) under write load through both; the survivor keeps every
// acknowledged write and its watches see every event once, in order. Then etcd loses quorum:
// requests end in a bounded time with Kubernetes' ServerTimeout, and succeed again once the
// members are back. Last, etcd's own size limit is answered as kube-apiserver answers it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { startEtcd, startEtcdCluster, type EtcdCluster, type EtcdProcess } from '../helpers/etcd.js';
import { eventually } from '../helpers/eventually.js';

const NAMESPACE = 'load';
const CONFIGMAPS = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
const CLIENTS_PER_SERVER = 3;
const UPDATES_PER_OBJECT = 4;
const LOAD_BEFORE_FAULTS_MS = 1500;
/**
 * Longer than etcd's request timeout (~7 s): a write proposed while etcd elects a new leader is
 * dropped by raft and answers only then (500 ServerTimeout, Retry-After), as under kube-apiserver,
 * whose updates and creates are not preceded by reads either.
 */
const LOAD_AFTER_FAULTS_MS = 10_000;

interface Answer { status: number; body: any; retryAfter: string | null }

async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(base + path, {
    method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

/** A write the server answered with success: its object must exist with exactly this data at this resourceVersion. */
interface AcknowledgedWrite { name: string; resourceVersion: string; data: Record<string, string> }

/**
 * What a client may retry, as client-go does: a connection that failed or broke (the server
 * may or may not have applied the write), or a 5xx/429 that names a Retry-After delay.
 */
type Retryable = { kind: 'connection'; message: string } | { kind: 'retry-after'; status: number; reason: string };

interface ClientRecord {
  acknowledged: AcknowledgedWrite[];
  /** Every write sent, by "name seq", so a watch event can be traced to one. */
  attempted: Set<string>;
  retried: Retryable[];
  /** Answers a client may not retry (must stay empty on the survivor). */
  failures: string[];
}

/**
 * One client writing through one server: creates an object, updates it UPDATES_PER_OBJECT times,
 * then the next. After a retryable failure it reads the object to learn whether the write
 * landed (then it goes on from there) or not (then it sends the write again).
 */
async function runWriter(base: string, writer: string, shouldStop: () => boolean, record: ClientRecord): Promise<void> {
  for (let object = 0; !shouldStop(); object++) {
    const name = `${writer}-${object}`;
    let resourceVersion: string | undefined;
    for (let seq = 0; seq <= UPDATES_PER_OBJECT && !shouldStop(); seq++) {
      const data = { writer, seq: String(seq) };
      record.attempted.add(`${name} ${seq}`);
      for (;;) {
        const answer = await send(base, name, data, resourceVersion, record);
        if (answer === 'server gone') return;
        if (answer !== 'retry' && (answer.status === 200 || answer.status === 201)) {
          resourceVersion = answer.body.metadata.resourceVersion;
          record.acknowledged.push({ name, resourceVersion: resourceVersion!, data });
          break;
        }
        const current = await learnState(base, name, record);
        if (current === 'server gone') return;
        if (current?.data?.seq === data.seq) { // it landed after all: unacknowledged, so not recorded
          resourceVersion = current.metadata.resourceVersion;
          break;
        }
        resourceVersion = current?.metadata.resourceVersion;
      }
    }
  }
}

/** Sends the create (no resourceVersion yet) or update; 'server gone' once the server refuses connections, 'retry' when the connection broke. */
async function send(base: string, name: string, data: Record<string, string>, resourceVersion: string | undefined, record: ClientRecord): Promise<Answer | 'server gone' | 'retry'> {
  const object = { metadata: { name, ...(resourceVersion && { resourceVersion }) }, data };
  try {
    const answer = resourceVersion === undefined ? await call(base, 'POST', CONFIGMAPS, object) : await call(base, 'PUT', `${CONFIGMAPS}/${name}`, object);
    if (answer.status === 200 || answer.status === 201) return answer;
    if ((answer.status >= 500 || answer.status === 429) && answer.retryAfter) {
      record.retried.push({ kind: 'retry-after', status: answer.status, reason: answer.body.reason });
      await delay(Number(answer.retryAfter) * 1000);
    } else {
      record.failures.push(`${answer.status} ${answer.body.reason}: ${answer.body.message}`);
    }
    return answer;
  } catch (err) {
    return connectionFailed(err, record);
  }
}

/** The object as the server has it now (undefined when it does not exist). */
async function learnState(base: string, name: string, record: ClientRecord): Promise<any> {
  for (;;) {
    try {
      const answer = await call(base, 'GET', `${CONFIGMAPS}/${name}`);
      if (answer.status === 200) return answer.body;
      if (answer.status === 404) return undefined;
      if (answer.retryAfter) {
        record.retried.push({ kind: 'retry-after', status: answer.status, reason: answer.body.reason });
        await delay(Number(answer.retryAfter) * 1000);
        continue;
      }
      record.failures.push(`${answer.status} ${answer.body.reason}: ${answer.body.message}`);
    } catch (err) {
      if (connectionFailed(err, record) === 'server gone') return 'server gone';
    }
  }
}

function connectionFailed(err: unknown, record: ClientRecord): 'server gone' | 'retry' {
  const cause = (err as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'server gone';
  record.retried.push({ kind: 'connection', message: `${(err as Error).message} ${cause?.code ?? ''}`.trim() });
  return 'retry';
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SeenEvent { type: string; name: string; resourceVersion: string; data: Record<string, string> | undefined }

/**
 * A watch as client-go keeps one: when the server ends the stream, it is opened again from the
 * last resourceVersion seen.
 */
class ResumingWatch {
  readonly events: SeenEvent[] = [];
  resumes = 0;
  private lastResourceVersion: string;
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;

  constructor(private readonly base: string, fromResourceVersion: string) {
    this.lastResourceVersion = fromResourceVersion;
    this.done = this.run();
  }

  /** Idempotent. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    for (let first = true; !this.abort.signal.aborted; first = false) {
      if (!first) this.resumes++;
      try {
        const res = await fetch(`${this.base}${CONFIGMAPS}?watch=1&resourceVersion=${this.lastResourceVersion}`, { signal: this.abort.signal });
        let buffered = '';
        const decoder = new TextDecoder();
        for await (const chunk of res.body!) {
          buffered += decoder.decode(chunk as Uint8Array, { stream: true });
          let newline;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            this.take(JSON.parse(buffered.slice(0, newline)));
            buffered = buffered.slice(newline + 1);
          }
        }
      } catch (err) {
        if (!this.abort.signal.aborted) await delay(100);
        void err;
      }
    }
  }

  private take(event: { type: string; object: any }): void {
    assert.notEqual(event.type, 'ERROR', `watch error: ${JSON.stringify(event.object)}`);
    const { metadata, data } = event.object;
    this.lastResourceVersion = metadata.resourceVersion;
    this.events.push({ type: event.type, name: metadata.name, resourceVersion: metadata.resourceVersion, data });
  }
}

/** Whether the process has an established TCP connection to that local port (per `ss`). */
function connectedTo(pid: number, endpoint: string): boolean {
  const port = new URL(endpoint).port;
  const sockets = execFileSync('ss', ['-Htnp', 'state', 'established', 'dst', `127.0.0.1:${port}`], { encoding: 'utf8' });
  return sockets.includes(`pid=${pid},`);
}

const newRecord = (): ClientRecord => ({ acknowledged: [], attempted: new Set(), retried: [], failures: [] });

describe('Arca on a 3-member etcd when members and servers die', () => {
  let cluster: EtcdCluster;
  let victim: ArcaProcess;
  let survivor: ArcaProcess;
  const watches: ResumingWatch[] = [];
  let stopped = false;
  let killedLeader: EtcdProcess | undefined;
  before(async () => {
    cluster = await startEtcdCluster(3);
    [victim, survivor] = await Promise.all([1, 2].map(() => startArcaServerProcess({ backend: 'etcd', etcdEndpoint: cluster.endpoints.join(',') })));
    assert.equal((await call(survivor.url, 'POST', '/api/v1/namespaces', { metadata: { name: NAMESPACE } })).status, 201);
    // The elected server publishes kube-root-ca.crt there; the watches below must not see that.
    await eventually(async () => assert.equal((await call(survivor.url, 'GET', `${CONFIGMAPS}/kube-root-ca.crt`)).status, 200), 15_000);
  });
  after(async () => {
    stopped = true;
    await Promise.all(watches.map((watch) => watch.stop()));
    await victim?.cleanup();
    await survivor?.cleanup();
    await cluster?.stop();
  });

  it('keeps every acknowledged write and every watch event when the etcd leader and one server are killed under load', async (t) => {
    const start = await call(survivor.url, 'GET', CONFIGMAPS);
    watches.push(new ResumingWatch(survivor.url, start.body.metadata.resourceVersion), new ResumingWatch(survivor.url, start.body.metadata.resourceVersion));
    const shouldStop = () => stopped;
    const victimRecord = newRecord();
    const survivorRecord = newRecord();
    const writers = [
      ...Array.from({ length: CLIENTS_PER_SERVER }, (_, i) => runWriter(victim.url, `v${i}`, shouldStop, victimRecord)),
      ...Array.from({ length: CLIENTS_PER_SERVER }, (_, i) => runWriter(survivor.url, `s${i}`, shouldStop, survivorRecord)),
    ];
    await delay(LOAD_BEFORE_FAULTS_MS);

    const leader = killedLeader = await cluster.leader();
    // Each etcd3 call picks a member at random, so by now both servers talk to every member.
    assert.equal(connectedTo(survivor.child.pid!, leader.endpoint), true, 'the survivor is connected to the etcd leader');
    assert.equal(connectedTo(victim.child.pid!, leader.endpoint), true, 'the victim is connected to the etcd leader');
    const survivorAcknowledgedBefore = survivorRecord.acknowledged.length;
    await leader.kill9();
    await victim.kill9();
    await delay(LOAD_AFTER_FAULTS_MS);
    stopped = true;
    await Promise.all(writers);

    const acknowledged = [...victimRecord.acknowledged, ...survivorRecord.acknowledged];
    const attempted = new Set([...victimRecord.attempted, ...survivorRecord.attempted]);
    // Every acknowledged write reached the watches (the victim's too, written before it died).
    await eventually(() => {
      for (const watch of watches) {
        const seen = new Set(watch.events.map((e) => `${e.name} ${e.resourceVersion}`));
        assert.deepEqual(acknowledged.filter((w) => !seen.has(`${w.name} ${w.resourceVersion}`)), []);
      }
    }, 15_000);
    await delay(300); // nothing more arrives that could repeat an event
    await Promise.all(watches.map((watch) => watch.stop()));

    t.diagnostic(`acknowledged writes: ${victimRecord.acknowledged.length} through the victim, ${survivorRecord.acknowledged.length} through the survivor ` +
      `(${survivorRecord.acknowledged.length - survivorAcknowledgedBefore} after the kills)`);
    t.diagnostic(`survivor clients retried: ${JSON.stringify(survivorRecord.retried)}`);
    t.diagnostic(`watch resumes: ${watches.map((w) => w.resumes).join(', ')}; events: ${watches.map((w) => w.events.length).join(', ')}`);

    // The survivor went on serving writes after the kills, and never gave an answer a client must not retry.
    assert.ok(survivorRecord.acknowledged.length - survivorAcknowledgedBefore >= 10, 'the survivor kept acknowledging writes');
    assert.deepEqual(survivorRecord.failures, []);
    assert.deepEqual(survivorRecord.retried.filter((r) => r.kind === 'retry-after' && !(r.status === 500 && r.reason === 'ServerTimeout')), []);

    // Every acknowledged write is stored: the object's current state is its last acknowledged write or a later attempt.
    const list = await call(survivor.url, 'GET', CONFIGMAPS);
    const stored = new Map<string, any>(list.body.items.filter((item: any) => item.metadata.name !== 'kube-root-ca.crt').map((item: any) => [item.metadata.name, item]));
    for (const write of acknowledged) {
      const current = stored.get(write.name);
      assert.ok(current, `${write.name} exists`);
      assert.ok(Number(current.data.seq) >= Number(write.data.seq), `${write.name} is at seq ${current.data.seq}, acknowledged ${write.data.seq}`);
      if (current.metadata.resourceVersion === write.resourceVersion) assert.deepEqual(current.data, write.data);
    }

    for (const watch of watches) {
      // In resourceVersion order, each write once, and only writes that were sent.
      const versions = watch.events.map((e) => Number(e.resourceVersion));
      assert.deepEqual(versions, [...versions].sort((x, y) => x - y));
      assert.equal(new Set(versions).size, versions.length, 'no event twice');
      assert.deepEqual(watch.events.filter((e) => !attempted.has(`${e.name} ${e.data?.seq}`)), []);
      assert.deepEqual(watch.events.filter((e) => e.type !== (e.data?.seq === '0' ? 'ADDED' : 'MODIFIED')), []);
      // Exactly the acknowledged data at the acknowledged resourceVersion.
      const byVersion = new Map(watch.events.map((e) => [`${e.name} ${e.resourceVersion}`, e.data]));
      for (const write of acknowledged) assert.deepEqual(byVersion.get(`${write.name} ${write.resourceVersion}`), write.data);
      // The last event of each object is what is stored.
      const last = new Map(watch.events.map((e) => [e.name, e]));
      assert.deepEqual([...last.values()].map((e) => [e.name, e.resourceVersion]).sort(),
        [...stored.values()].map((item) => [item.metadata.name, item.metadata.resourceVersion]).sort());
    }
  });

  it('answers 500 ServerTimeout with Retry-After within bounded time while etcd has no quorum, and writes again once members return', async (t) => {
    assert.ok(killedLeader, 'the fault test killed the leader');
    const alive = cluster.members.filter((member) => member !== killedLeader);
    await alive[0]!.kill9(); // 1 of 3 left: no quorum
    const timed = async (method: string, path: string, body?: unknown) => {
      const started = Date.now();
      const answer = await call(survivor.url, method, path, body);
      return { ...answer, ms: Date.now() - started };
    };
    const [create, update, get, list, getAny, listAny] = await Promise.all([
      timed('POST', CONFIGMAPS, { metadata: { name: 'during-quorum-loss' } }),
      timed('PUT', `${CONFIGMAPS}/s0-0`, { metadata: { name: 's0-0' }, data: { writer: 'quorum-loss' } }),
      timed('GET', `${CONFIGMAPS}/s0-0`),
      timed('GET', CONFIGMAPS),
      // "Any version" reads: kube-apiserver serves them from its watch cache, Arca from the etcd member it asks.
      timed('GET', `${CONFIGMAPS}/s0-0?resourceVersion=0`),
      timed('GET', `${CONFIGMAPS}?resourceVersion=0`),
    ]);
    t.diagnostic(`without quorum: create ${create.ms} ms, update ${update.ms} ms, get ${get.ms} ms, list ${list.ms} ms; ` +
      `resourceVersion=0: get ${getAny.ms} ms, list ${listAny.ms} ms`);
    assert.deepEqual([getAny.status, getAny.body.metadata.name, getAny.body.data.writer], [200, 's0-0', 's0']);
    assert.equal(listAny.status, 200);
    assert.ok(listAny.body.items.some((item: any) => item.metadata.name === 's0-0'), 'the rv=0 list holds the objects');
    for (const [answer, operation] of [[create, 'create'], [update, 'update'], [get, 'get'], [list, 'list']] as const) {
      assert.deepEqual([answer.status, answer.retryAfter, answer.body], [500, '2', {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `The ${operation} operation against configmaps could not be completed at this time, please try again.`,
        reason: 'ServerTimeout', details: { name: operation, kind: 'configmaps', retryAfterSeconds: 2 }, code: 500,
      }]);
      assert.ok(answer.ms < 20_000, `${operation} answered after ${answer.ms} ms`);
    }
    assert.equal(survivor.child.exitCode, null, 'the survivor is still running');

    await Promise.all([killedLeader.start(), alive[0]!.start()]);
    const created = await call(survivor.url, 'POST', CONFIGMAPS, { metadata: { name: 'after-quorum-returned' }, data: { back: 'yes' } });
    assert.equal(created.status, 201);
    assert.equal((await call(survivor.url, 'GET', `${CONFIGMAPS}/after-quorum-returned`)).body.data.back, 'yes');
    // A write that timed out has an unknown outcome, as under kube-apiserver: with no read before
    // it, its proposal may sit in a member's log and commit once quorum returns. Absent, or exactly what was sent.
    const late = await call(survivor.url, 'GET', `${CONFIGMAPS}/during-quorum-loss`);
    if (late.status !== 404) assert.deepEqual([late.status, late.body.metadata.name, late.body.data], [200, 'during-quorum-loss', undefined]);
  });
});

describe('Arca on etcd with a value above etcd\'s --max-request-bytes', () => {
  let etcd: EtcdProcess;
  let arca: ArcaProcess;
  before(async () => {
    // Arca's own limits (1 MiB of ConfigMap data, 3 MiB request bodies) refuse anything that
    // would exceed etcd's default 1.5 MiB first, so this etcd takes at most 64 KiB per request.
    etcd = await startEtcd({ extraArgs: ['--max-request-bytes', String(64 * 1024)] });
    arca = await startArcaServerProcess({ backend: 'etcd', etcdEndpoint: etcd.endpoint });
  });
  after(async () => {
    await arca?.cleanup();
    await etcd?.stop();
  });

  it('answers etcd\'s "request is too large" as kube-apiserver does: 500 without a reason', async () => {
    const tooLarge = await call(arca.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'big' }, data: { blob: 'x'.repeat(100 * 1024) } });
    assert.deepEqual([tooLarge.status, tooLarge.retryAfter, tooLarge.body], [500, null, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: request is too large', code: 500,
    }]);
    assert.equal((await call(arca.url, 'GET', '/api/v1/namespaces/default/configmaps/big')).status, 404);
    assert.equal((await call(arca.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'small' }, data: { blob: 'x'.repeat(1024) } })).status, 201);
  });
});
