// The etcd storage backend: `arca server --storage etcd` CREATE, UPDATE and GET throughput at 1,
// 16 and 64 clients, each set against raw etcd puts (for writes) and gets (for GET) through the
// same client library, at the same concurrency, on the same single-member etcd.
import { startEtcd } from '../../test/helpers/etcd.js';
import { startArca, type Arca } from '../lib/arca.js';
import { warmThenRun, type LoadResult } from '../lib/closed-loop.js';
import { EtcdBaseline, type EtcdOperation } from '../lib/etcd-baseline.js';
import { measureFanOut, type FanOutResult } from '../lib/fan-out.js';
import { timeList, type ListTiming } from '../lib/list-timing.js';
import { configMapBody } from '../lib/objects.js';
import { createNamespace } from '../lib/populate.js';
import type { BenchContext, Scenario, ScenarioOutcome, Table, TargetCheck } from '../lib/scenario.js';
import { ratio, summarizeLatencies } from '../lib/stats.js';
import { fmtBytes, fmtMs, fmtRate, fmtRatio } from '../lib/units.js';
import { measureWrites } from './write.js';

const NAMESPACE = 'bench-etcd';
const BASE = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
const GOAL = 0.7;
const WATCH_NAMESPACE = 'bench-etcd-watch';
const LIST_PAGE = 500;

type ArcaVerb = 'create' | 'update' | 'get';
const BASELINE_OF: Record<ArcaVerb, EtcdOperation> = { create: 'put', update: 'put', get: 'get' };

const etcdFlags = (endpoint: string) => ['--storage', 'etcd', '--etcd-servers', endpoint];

export const etcdScenario: Scenario = {
  id: 'etcd',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const { plan } = ctx;
    const etcd = await startEtcd();
    const raw: Record<EtcdOperation, Map<number, LoadResult[]>> = { put: new Map(), get: new Map() };
    const arcaResults: Record<ArcaVerb, LoadResult[]> = { create: [], update: [], get: [] };
    let fanOut: FanOutResult | undefined;
    const lists: { how: string; timing: ListTiming }[] = [];
    try {
      const measureRaw = async (when: string) => {
        const baseline = new EtcdBaseline(etcd.endpoint);
        try {
          for (const op of ['put', 'get'] as const) {
            for (const c of plan.writeConcurrencies) {
              ctx.log(`etcd: raw ${op} at ${c} in flight (${when})`);
              const r = await baseline.measure(op, c, plan.warmupMs, plan.etcdMs);
              raw[op].set(c, [...(raw[op].get(c) ?? []), r]);
            }
          }
        } finally {
          baseline.close();
        }
      };
      await measureRaw('before');
      const arca = await startArca({ mode: 'server', dataDir: ctx.newDir('etcd'), arcaArgs: etcdFlags(etcd.endpoint) });
      try {
        await createNamespace(arca.client(1), NAMESPACE);
        // Made now so that its kube-root-ca.crt (published by a controller just after) is long
        // there when the watchers open: the fan-out counts any other object's event as unexpected.
        await createNamespace(arca.client(1), WATCH_NAMESPACE);
        for (const verb of ['create', 'update', 'get'] as const) {
          for (const c of plan.writeConcurrencies) {
            ctx.log(`etcd: Arca ${verb} at ${c} clients`);
            arcaResults[verb].push(verb === 'get'
              ? await measureGets(arca, c, plan.warmupMs, plan.etcdMs)
              : await measureWrites(arca, verb, c, plan.warmupMs, plan.etcdMs, BASE));
          }
        }
        // The same fan-out and LIST measurements as on SQLite, on what the loads above left.
        ctx.log(`etcd: watch fan-out, ${plan.watchers} watchers, ${plan.watchUpdates} updates`);
        fanOut = await measureFanOut(arca, { namespace: WATCH_NAMESPACE, watchers: plan.watchers, updates: plan.watchUpdates });
        const lister = arca.client(1);
        try {
          for (const [how, pageSize] of [['one response', 0], [`pages of ${LIST_PAGE}`, LIST_PAGE]] as const) {
            ctx.log(`etcd: LIST of ${NAMESPACE}, ${how}`);
            await timeList(lister, BASE, pageSize); // warm-up
            lists.push({ how, timing: await timeList(lister, BASE, pageSize) });
          }
        } finally {
          lister.close();
        }
      } finally {
        await arca.stop();
      }
      await measureRaw('after');
    } finally {
      await etcd.stop();
    }
    // As with SQLite, the better of the two raw runs at each concurrency is the baseline.
    const best = (op: EtcdOperation, c: number) => raw[op].get(c)!.reduce((x, y) => (y.throughput > x.throughput ? y : x));

    const metrics: Record<string, number> = {};
    const rawRows: string[][] = [];
    for (const op of ['put', 'get'] as const) {
      for (const c of plan.writeConcurrencies) {
        const [before, after] = raw[op].get(c)!;
        for (const [when, r] of [['before', before!], ['after', after!]] as const) {
          rawRows.push([op, String(c), when, fmtRate(r.throughput), fmtMs(r.p50Ms), fmtMs(r.p99Ms)]);
        }
        const b = best(op, c);
        metrics[`etcd.raw.${op}.c${c}.perSecond`] = b.throughput;
        metrics[`etcd.raw.${op}.c${c}.p50Ms`] = b.p50Ms;
        metrics[`etcd.raw.${op}.c${c}.p99Ms`] = b.p99Ms;
      }
    }
    const arcaRows: string[][] = [];
    for (const verb of ['create', 'update', 'get'] as const) {
      for (const r of arcaResults[verb]) {
        const base = best(BASELINE_OF[verb], r.concurrency);
        const key = `etcd.arca.${verb}.c${r.concurrency}`;
        metrics[`${key}.perSecond`] = r.throughput;
        metrics[`${key}.p50Ms`] = r.p50Ms;
        metrics[`${key}.p99Ms`] = r.p99Ms;
        metrics[`${key}.ratio`] = ratio(r.throughput, base.throughput);
        arcaRows.push([verb.toUpperCase(), String(r.concurrency), fmtRate(r.throughput), fmtMs(r.p50Ms), fmtMs(r.p99Ms),
          `${BASELINE_OF[verb]} ${fmtRate(base.throughput)}`, fmtRatio(ratio(r.throughput, base.throughput))]);
      }
    }
    const targets: TargetCheck[] = (['create', 'update'] as const).map((verb) => {
      const worst = arcaResults[verb].reduce((w, r) =>
        (ratio(r.throughput, best('put', r.concurrency).throughput) < ratio(w.throughput, best('put', w.concurrency).throughput) ? r : w));
      const r = ratio(worst.throughput, best('put', worst.concurrency).throughput);
      return {
        target: `etcd backend: ${verb.toUpperCase()}s ≥ 70% of raw etcd puts at every concurrency`,
        measured: `${fmtRatio(r)} (lowest: ${fmtRate(worst.throughput)} vs ${fmtRate(best('put', worst.concurrency).throughput)} at ${worst.concurrency} in flight)`,
        met: r >= GOAL,
      };
    });
    const rawTable: Table = {
      title: 'Baseline: raw etcd through etcd3, 1 KiB values, before and after the Arca loads',
      columns: ['operation', 'in flight', 'run', 'ops/s', 'p50', 'p99'],
      rows: rawRows,
    };
    metrics['etcd.watch.p50Ms'] = fanOut!.p50Ms;
    metrics['etcd.watch.p99Ms'] = fanOut!.p99Ms;
    metrics['etcd.watch.missed'] = fanOut!.missed;
    metrics['etcd.watch.repeated'] = fanOut!.repeated;
    metrics['etcd.watch.unexpected'] = fanOut!.unexpected;
    for (const { how, timing } of lists) {
      const id = how === 'one response' ? 'full' : 'paged';
      metrics[`etcd.list.${id}.items`] = timing.items;
      metrics[`etcd.list.${id}.seconds`] = timing.seconds;
    }
    return {
      report: {
        id: 'etcd',
        title: 'The etcd backend against etcd itself',
        method: [
          `A single-member etcd (/usr/bin/etcd, its own data directory on the same disk, default settings: every write fsynced) on loopback ports; plain-HTTP \`arca server --storage etcd --etcd-servers URL\` on it.`,
          `The baseline is raw etcd through \`etcd3\` (the client library Arca's backend uses) in the load-generator process: puts of fresh keys and gets of one key per client, with 1 KiB values, at 1, 16 and 64 requests in flight, for ${plan.etcdMs / 1000} s after a ${plan.warmupMs / 1000} s warm-up, before and again after the Arca loads; the better run at each concurrency is the baseline.`,
          'Arca is loaded at the same concurrencies as the write scenario loads SQLite (CREATE of new 1 KiB ConfigMaps, UPDATE of one ConfigMap per client with its last resourceVersion, GET of one ConfigMap per client). Writes are set against raw puts, GETs against raw gets, at the same concurrency.',
          'After the loads, on the same server: the WATCH fan-out of the WATCH scenario, and LISTs of the namespace the loads filled, whole and in pages of 500 (no baseline: etcd has no LIST of its own to compare with beyond a range read).',
        ],
        tables: [rawTable, {
          title: 'Arca on etcd (1 KiB ConfigMaps)',
          columns: ['verb', 'clients', 'requests/s', 'p50', 'p99', 'raw etcd at this concurrency', 'Arca / raw etcd'],
          rows: arcaRows,
        }, {
          title: `WATCH fan-out on etcd (measured as in the WATCH scenario, namespace ${WATCH_NAMESPACE})`,
          columns: ['watchers', 'updates', 'missed', 'repeated', 'unexpected', 'p50', 'p99', 'max', 'events/s'],
          rows: [[String(fanOut!.watchers), String(fanOut!.updates), String(fanOut!.missed), String(fanOut!.repeated), String(fanOut!.unexpected),
            fmtMs(fanOut!.p50Ms), fmtMs(fanOut!.p99Ms), fmtMs(fanOut!.maxMs), fmtRate(fanOut!.eventsPerSecond)]],
        }, {
          title: `LIST on etcd of ${NAMESPACE} after the loads (one warm-up, then one timed listing each)`,
          columns: ['how', 'items', 'requests', 'bytes', 'listing time', 'request p50', 'request p99', 'objects/s'],
          rows: lists.map(({ how, timing }) => {
            const requests = summarizeLatencies(timing.requestMs);
            return [how, String(timing.items), String(timing.requestMs.length), fmtBytes(timing.bytes), fmtMs(timing.seconds * 1000),
              fmtMs(requests.p50Ms), fmtMs(requests.p99Ms), fmtRate(timing.items / timing.seconds)];
          }),
        }],
        metrics,
        targets,
      },
      profile: {
        async drive(start) {
          const profileEtcd = await startEtcd();
          try {
            const profiled = await start('server', ctx.newDir('etcd-profile'),
              `\`arca server --storage etcd\` under CREATEs then UPDATEs at 16 clients (${plan.profileMs / 1000} s each)`, etcdFlags(profileEtcd.endpoint));
            await createNamespace(profiled.client(1), NAMESPACE);
            await measureWrites(profiled, 'create', 16, 0, plan.profileMs, BASE);
            await measureWrites(profiled, 'update', 16, 0, plan.profileMs, BASE);
            // The profile is written when the process exits: stop it while etcd still answers.
            await profiled.stop();
          } finally {
            await profileEtcd.stop();
          }
        },
      },
    };
  },
};

/** Closed-loop GETs, one ConfigMap per client. */
async function measureGets(arca: Arca, concurrency: number, warmupMs: number, durationMs: number): Promise<LoadResult> {
  const client = arca.client(concurrency);
  const name = (worker: number) => `get-c${concurrency}-w${worker}`;
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, w) => client.expect(201, 'POST', BASE, configMapBody(name(w)))));
    return await warmThenRun(concurrency, warmupMs, durationMs, async (worker) => {
      await client.expect(200, 'GET', `${BASE}/${name(worker)}`);
    });
  } finally {
    client.close();
  }
}
