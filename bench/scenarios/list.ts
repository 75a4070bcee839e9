// LIST one namespace of 1k / 10k / 100k ConfigMaps: in one response, and in pages of 500
// followed to the end with `continue`. Time, bytes per second and objects per second.
import { timeList, type ListTiming } from '../lib/list-timing.js';
import type { BenchContext, ScenarioReport, SizedScenario, SizedStore } from '../lib/scenario.js';
import { summarizeLatencies } from '../lib/stats.js';
import { fmtBytes, fmtCount, fmtMs, fmtRate } from '../lib/units.js';

interface Row {
  size: number;
  mode: 'full' | 'paged';
  runs: ListTiming[];
}

export const listScenario: SizedScenario = {
  id: 'list',
  start(ctx: BenchContext) {
    const { plan } = ctx;
    const rows: Row[] = [];
    return {
      async measureAt(store: SizedStore) {
        const client = store.arca.client(1);
        const path = `/api/v1/namespaces/${store.namespace}/configmaps`;
        const repetitions = plan.listRepetitions(store.size);
        try {
          for (const [mode, pageSize] of [['full', 0], ['paged', plan.pageSize]] as const) {
            ctx.log(`list: ${fmtCount(store.size)} objects, ${mode}, ${repetitions} runs`);
            await timeList(client, path, pageSize); // warm-up
            const runs: ListTiming[] = [];
            for (let i = 0; i < repetitions; i++) runs.push(await timeList(client, path, pageSize));
            rows.push({ size: store.size, mode, runs });
          }
        } finally {
          client.close();
        }
      },
      report(): ScenarioReport {
        const metrics: Record<string, number> = {};
        const table = rows.map((row) => {
          const whole = summarizeLatencies(row.runs.map((r) => r.seconds * 1000));
          const pages = summarizeLatencies(row.runs.flatMap((r) => r.requestMs));
          const last = row.runs[row.runs.length - 1]!;
          const seconds = row.runs.reduce((s, r) => s + r.seconds, 0);
          const bytesPerSecond = row.runs.reduce((s, r) => s + r.bytes, 0) / seconds;
          const objectsPerSecond = row.runs.reduce((s, r) => s + r.items, 0) / seconds;
          const key = `list.${row.size}.${row.mode}`;
          Object.assign(metrics, {
            [`${key}.items`]: last.items,
            [`${key}.bytes`]: last.bytes,
            [`${key}.requests`]: last.requestMs.length,
            [`${key}.p50Ms`]: whole.p50Ms,
            [`${key}.p99Ms`]: whole.p99Ms,
            [`${key}.requestP50Ms`]: pages.p50Ms,
            [`${key}.requestP99Ms`]: pages.p99Ms,
            [`${key}.bytesPerSecond`]: bytesPerSecond,
            [`${key}.objectsPerSecond`]: objectsPerSecond,
          });
          return [
            fmtCount(row.size), row.mode === 'full' ? 'one response' : `pages of ${plan.pageSize}`, String(last.items), String(last.requestMs.length),
            fmtBytes(last.bytes), fmtMs(whole.p50Ms), fmtMs(whole.p99Ms), fmtMs(pages.p50Ms), fmtMs(pages.p99Ms),
            `${fmtBytes(bytesPerSecond)}/s`, fmtRate(objectsPerSecond),
          ];
        });
        return {
          id: 'list',
          title: 'LIST a namespace',
          method: [
            `One namespace filled with 1 KiB ConfigMaps (${plan.sizes.map(fmtCount).join(', ')}) through the API; at each size the namespace is listed whole and in pages of ${plan.pageSize} (following \`continue\` to the end), ${plan.listRepetitions(plan.sizes[plan.sizes.length - 1]!)}–${plan.listRepetitions(plan.sizes[0]!)} times each after one warm-up, by one plain-HTTP client.`,
            'Time is waiting for complete responses (the client parses each page outside the timed span); p50/p99 over the runs for a whole listing, and over single requests for pages. Items include the namespace\'s `kube-root-ca.crt` and the other scenarios\' few objects.',
          ],
          tables: [{
            title: 'LIST',
            columns: ['objects', 'how', 'items', 'requests', 'bytes', 'listing p50', 'listing p99', 'request p50', 'request p99', 'bytes/s', 'objects/s'],
            rows: table,
          }],
          metrics,
          targets: [],
        };
      },
    };
  },
};
