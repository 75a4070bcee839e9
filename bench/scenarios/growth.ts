// The growth table: what GET, LIST, CREATE, UPDATE and WATCH cost as one namespace grows from
// 1k to 10k to 100k objects. A flat row is the goal; what grows with the store is what to fix.
import { performance } from 'node:perf_hooks';
import { warmThenRun, type LoadResult } from '../lib/closed-loop.js';
import { measureFanOut, type FanOutResult } from '../lib/fan-out.js';
import { timeList } from '../lib/list-timing.js';
import { configMapBody, objectName, resourceVersionOf } from '../lib/objects.js';
import type { BenchContext, ScenarioReport, SizedScenario, SizedStore } from '../lib/scenario.js';
import { median } from '../lib/stats.js';
import { fmtCount, fmtMs, fmtRate } from '../lib/units.js';

const FIRST_PAGE_RUNS = 5;

interface Row {
  size: number;
  createsPerSecond: number;
  get: LoadResult;
  fullListMs: number;
  firstPageMs: number;
  update: LoadResult;
  watch: FanOutResult;
}

export const growthScenario: SizedScenario = {
  id: 'growth',
  start(ctx: BenchContext) {
    const { plan } = ctx;
    const rows: Row[] = [];
    let versions = 0;
    return {
      async measureAt(store: SizedStore) {
        const base = `/api/v1/namespaces/${store.namespace}/configmaps`;
        const connections = plan.growthConnections;
        const client = store.arca.client(connections);
        try {
          ctx.log(`growth: ${fmtCount(store.size)} objects`);
          const get = await warmThenRun(connections, plan.warmupMs, plan.growthLoadMs, async () => {
            await client.expect(200, 'GET', `${base}/${objectName(Math.floor(Math.random() * store.size))}`);
          });
          const fullListMs = (await timeList(client, base, 0)).seconds * 1000;
          const pages: number[] = [];
          for (let i = 0; i < FIRST_PAGE_RUNS; i++) {
            const t0 = performance.now();
            await client.expect(200, 'GET', `${base}?limit=${plan.pageSize}`);
            pages.push(performance.now() - t0);
          }
          // Each client updates its own existing object (spread across the store).
          const names = Array.from({ length: connections }, (_, w) => objectName(Math.floor((w * store.size) / connections)));
          const rvs = await Promise.all(names.map(async (n) => resourceVersionOf(await client.expect(200, 'GET', `${base}/${n}`))));
          const update = await warmThenRun(connections, plan.warmupMs, plan.growthLoadMs, async (w) => {
            const body = await client.expect(200, 'PUT', `${base}/${names[w]}`, configMapBody(names[w]!, ++versions, rvs[w]));
            rvs[w] = resourceVersionOf(body);
          });
          const watch = await measureFanOut(store.arca, { namespace: store.namespace, watchers: plan.growthWatchers, updates: plan.growthUpdates });
          rows.push({ size: store.size, createsPerSecond: store.fill.createsPerSecond, get, fullListMs, firstPageMs: median(pages), update, watch });
        } finally {
          client.close();
        }
      },
      report(): ScenarioReport {
        const metrics: Record<string, number> = {};
        for (const r of rows) {
          Object.assign(metrics, {
            [`growth.${r.size}.createsPerSecond`]: r.createsPerSecond,
            [`growth.${r.size}.get.perSecond`]: r.get.throughput,
            [`growth.${r.size}.get.p50Ms`]: r.get.p50Ms,
            [`growth.${r.size}.get.p99Ms`]: r.get.p99Ms,
            [`growth.${r.size}.list.fullMs`]: r.fullListMs,
            [`growth.${r.size}.list.firstPageMs`]: r.firstPageMs,
            [`growth.${r.size}.update.perSecond`]: r.update.throughput,
            [`growth.${r.size}.update.p50Ms`]: r.update.p50Ms,
            [`growth.${r.size}.update.p99Ms`]: r.update.p99Ms,
            [`growth.${r.size}.watch.p50Ms`]: r.watch.p50Ms,
            [`growth.${r.size}.watch.p99Ms`]: r.watch.p99Ms,
            [`growth.${r.size}.watch.missed`]: r.watch.missed,
            [`growth.${r.size}.watch.repeated`]: r.watch.repeated,
          });
        }
        return {
          id: 'growth',
          title: 'Growth: costs at 1k, 10k and 100k objects',
          method: [
            `The namespace the LIST scenario fills, measured at each size (plain HTTP, Node generator, ${plan.growthConnections} connections, ${plan.growthLoadMs / 1000} s per load after a warm-up).`,
            `CREATE: the rate of the ${plan.populateConcurrency}-way concurrent creates that filled the namespace up to this size. GET: random objects across the namespace. LIST: one whole listing, and the median of ${FIRST_PAGE_RUNS} first pages of ${plan.pageSize}. UPDATE: one existing object per client. WATCH: ${plan.growthWatchers} watchers of the namespace, ${plan.growthUpdates} updates, measured as in the fan-out scenario.`,
          ],
          tables: [{
            title: 'Cost by store size',
            columns: ['objects', 'CREATE/s (filling)', 'GET/s', 'GET p50', 'GET p99', 'LIST all', 'LIST first page', 'UPDATE/s', 'UPDATE p99', 'WATCH p50', 'WATCH p99', 'WATCH missed/repeated'],
            rows: rows.map((r) => [
              fmtCount(r.size), fmtRate(r.createsPerSecond), fmtRate(r.get.throughput), fmtMs(r.get.p50Ms), fmtMs(r.get.p99Ms),
              fmtMs(r.fullListMs), fmtMs(r.firstPageMs), fmtRate(r.update.throughput), fmtMs(r.update.p99Ms),
              fmtMs(r.watch.p50Ms), fmtMs(r.watch.p99Ms), `${r.watch.missed}/${r.watch.repeated}`,
            ]),
          }],
          metrics,
          targets: [],
        };
      },
    };
  },
};
