// Footprint: resident memory and time from spawn to a 200 from /readyz, for `arca up` over an
// empty store and over stores of 1 KiB Secrets; then the memory a full LIST of them costs.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startArca } from '../lib/arca.js';
import { timeList } from '../lib/list-timing.js';
import { createNamespace, FillBudget, populate } from '../lib/populate.js';
import type { BenchContext, Scenario, ScenarioOutcome, TargetCheck } from '../lib/scenario.js';
import { median } from '../lib/stats.js';
import { fmtBytes, fmtCount, fmtMs, fmtRate } from '../lib/units.js';

const NAMESPACE = 'bench-footprint';
const SECRETS = `/api/v1/namespaces/${NAMESPACE}/secrets`;
const MB = 1e6;
const GOAL_RSS_BYTES = 500 * MB;
const GOAL_READY_EMPTY_MS = 1000;
const GOAL_READY_FULL_MS = 5000;

interface Footprint {
  size: number;
  readyMs: number;
  rssAtReady: number;
  /** Peak RSS over the restarts after listing all the Secrets in pages of 500 ... */
  peakRssWithPagedList: number;
  /** ... and then after one LIST of them all in one response. */
  peakRssWithList: number;
  pagedListMs: number;
  listMs: number;
  dbBytes: number;
  fillRate?: number;
}

export const footprintScenario: Scenario = {
  id: 'footprint',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const { plan } = ctx;
    const dataDir = ctx.newDir('footprint');
    // The first start generates the PKI and the built-in namespaces: reported, not judged.
    const first = await startArca({ mode: 'up', dataDir });
    const firstStartMs = first.readyMs;
    await first.stop();

    const rows: Footprint[] = [];
    const budget = new FillBudget(plan.fillBudgetSeconds);
    let stored = 0;
    for (const size of plan.footprintSizes) {
      let fillRate: number | undefined;
      if (!budget.fits(size - stored)) {
        ctx.skip(`footprint with ${fmtCount(size)} Secrets`,
          `filling to ${fmtCount(size)} would take about ${(budget.projectedSeconds(size - stored) / 60).toFixed(1)} more minutes at this run's create rate, over the ${plan.fillBudgetSeconds / 60}-minute allowance`);
        break;
      }
      if (size > stored) {
        ctx.log(`footprint: filling to ${size} Secrets`);
        const filler = await startArca({ mode: 'server', dataDir });
        try {
          const client = filler.client(plan.populateConcurrency);
          if (stored === 0) await createNamespace(client, NAMESPACE);
          const fill = await populate(client, NAMESPACE, 'secrets', stored, size, plan.populateConcurrency);
          budget.record(fill);
          fillRate = fill.createsPerSecond;
          client.close();
        } finally {
          await filler.stop();
        }
        stored = size;
      }
      ctx.log(`footprint: ${plan.footprintRestarts} restart(s) over ${size} Secrets`);
      const ready: number[] = [];
      const rss: number[] = [];
      const lists: number[] = [];
      const pagedLists: number[] = [];
      let peakPaged = 0;
      let peak = 0;
      for (let i = 0; i < plan.footprintRestarts; i++) {
        const arca = await startArca({ mode: 'up', dataDir });
        try {
          ready.push(arca.readyMs);
          rss.push(arca.memory().rssBytes);
          const client = arca.client(1);
          // Before the first fill the namespace does not exist yet: list all Secrets instead.
          const path = size > 0 ? SECRETS : '/api/v1/secrets';
          pagedLists.push((await timeList(client, path, plan.pageSize)).seconds * 1000);
          peakPaged = Math.max(peakPaged, arca.memory().peakRssBytes);
          lists.push((await timeList(client, path, 0)).seconds * 1000);
          peak = Math.max(peak, arca.memory().peakRssBytes);
          client.close();
        } finally {
          await arca.stop();
        }
      }
      rows.push({
        size, readyMs: median(ready), rssAtReady: median(rss), peakRssWithPagedList: peakPaged, peakRssWithList: peak,
        pagedListMs: median(pagedLists), listMs: median(lists), dbBytes: dataBytes(dataDir), fillRate,
      });
    }

    const metrics: Record<string, number> = { 'footprint.firstStartReadyMs': firstStartMs };
    for (const r of rows) {
      const key = `footprint.secrets${r.size}`;
      metrics[`${key}.readyMs`] = r.readyMs;
      metrics[`${key}.rssAtReadyBytes`] = r.rssAtReady;
      metrics[`${key}.peakRssWithPagedListBytes`] = r.peakRssWithPagedList;
      metrics[`${key}.peakRssWithListBytes`] = r.peakRssWithList;
      metrics[`${key}.pagedListMs`] = r.pagedListMs;
      metrics[`${key}.listMs`] = r.listMs;
      metrics[`${key}.databaseBytes`] = r.dbBytes;
      if (r.fillRate !== undefined) metrics[`${key}.fillCreatesPerSecond`] = r.fillRate;
    }
    const empty = rows[0]!;
    const largest = rows[rows.length - 1]!;
    const planned = plan.footprintSizes[plan.footprintSizes.length - 1]!;
    const shortOf = largest.size < planned ? ` (${fmtCount(planned)} not reached in this run)` : '';
    const targets: TargetCheck[] = [
      { target: 'ready ≤ 1 s with an empty store', measured: fmtMs(empty.readyMs), met: empty.readyMs <= GOAL_READY_EMPTY_MS },
      {
        target: `ready ≤ 5 s with ${fmtCount(largest.size)} stored Secrets`,
        measured: `${fmtMs(largest.readyMs)}${shortOf}`, met: largest.readyMs <= GOAL_READY_FULL_MS,
      },
      {
        target: `${fmtCount(largest.size)} stored 1 KiB Secrets ≤ 500 MB RSS (peak, a one-response LIST of them all included)`,
        measured: `${(largest.peakRssWithList / MB).toFixed(0)} MB peak (${(largest.rssAtReady / MB).toFixed(0)} MB when ready, ${(largest.peakRssWithPagedList / MB).toFixed(0)} MB after a paged LIST)${shortOf}`,
        met: largest.peakRssWithList <= GOAL_RSS_BYTES,
      },
    ];
    return {
      report: {
        id: 'footprint',
        title: 'Footprint: memory and time to ready',
        method: [
          `\`arca up\` (HTTPS) restarted ${plan.footprintRestarts} time(s) per store size; medians reported. Ready is the time from spawning the process to the first 200 from /readyz (Node start-up included).`,
          `Stores are filled through the API (plain-HTTP \`arca server\`, ${plan.populateConcurrency} creates in flight) with Opaque Secrets carrying 1 KiB of random bytes, then served by \`arca up\` on the same data directory.`,
          `RSS is read from /proc when ready; the peak (VmHWM) is read after listing all stored Secrets in pages of ${plan.pageSize} (as informers and kubectl do), and again after one LIST of them all in a single response, the most a single client read can make the server hold; the target is judged on the latter. The very first start (which generates the CA and certificates) took ${fmtMs(firstStartMs)} and is not judged.`,
        ],
        tables: [{
          title: 'Per store size',
          columns: ['Secrets stored', 'ready', 'RSS when ready', 'peak RSS, paged LIST', 'peak RSS, one-response LIST', 'paged LIST time', 'one-response LIST time', 'database on disk', 'fill rate (creates/s)'],
          rows: rows.map((r) => [
            String(r.size), fmtMs(r.readyMs), fmtBytes(r.rssAtReady), fmtBytes(r.peakRssWithPagedList), fmtBytes(r.peakRssWithList),
            fmtMs(r.pagedListMs), fmtMs(r.listMs), fmtBytes(r.dbBytes),
            r.fillRate === undefined ? '—' : fmtRate(r.fillRate),
          ]),
        }],
        metrics,
        targets,
      },
      profile: {
        async drive(start) {
          const arca = await start('up', dataDir, `\`arca up\` starting over ${fmtCount(largest.size)} Secrets until /readyz answers, then one full LIST of them`);
          const client = arca.client(1);
          await timeList(client, largest.size > 0 ? SECRETS : '/api/v1/secrets', 0);
          client.close();
        },
      },
    };
  },
};

/** The database and its write-ahead log. */
function dataBytes(dataDir: string): number {
  return ['arca.db', 'arca.db-wal'].reduce((sum, f) => {
    try {
      return sum + statSync(join(dataDir, f)).size;
    } catch {
      return sum;
    }
  }, 0);
}
