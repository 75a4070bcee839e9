// WATCH fan-out: 1,000 watchers on one namespace, 100 updates of one ConfigMap; delivery
// latency, and a check that every watcher got every update exactly once and in order.
import { startArca } from '../lib/arca.js';
import { measureFanOut, type FanOutResult } from '../lib/fan-out.js';
import { createNamespace } from '../lib/populate.js';
import type { BenchContext, Scenario, ScenarioOutcome } from '../lib/scenario.js';
import { fmtMs, fmtRate } from '../lib/units.js';

const NAMESPACE = 'bench-watch';
const GOAL_P99_MS = 50;

export const watchScenario: Scenario = {
  id: 'watch',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const { plan } = ctx;
    const options = { namespace: NAMESPACE, watchers: plan.watchers, updates: plan.watchUpdates };
    const arca = await startArca({ mode: 'server', dataDir: ctx.newDir('watch') });
    let r: FanOutResult;
    try {
      await createNamespace(arca.client(1), NAMESPACE);
      ctx.log(`watch: ${plan.watchers} watchers, ${plan.watchUpdates} updates`);
      r = await measureFanOut(arca, options);
    } finally {
      await arca.stop();
    }
    const exact = r.missed === 0 && r.repeated === 0 && r.unexpected === 0;
    return {
      report: {
        id: 'watch',
        title: 'WATCH fan-out',
        method: [
          `${r.watchers} watches (one HTTP connection each) on namespace ${NAMESPACE}, opened from the current resourceVersion; then ${r.updates} UPDATEs of one ConfigMap there, one at a time: the next is sent once every watcher has the previous one (or after 10 s).`,
          'Latency runs from sending the UPDATE request to a watcher receiving the event, so it includes the durable write; the watchers and the writer share one client process (and the 2 cores) with the server.',
          'Each watcher must receive each update exactly once, as MODIFIED, in resourceVersion order: missed, repeated and unexpected (other objects or types, or out of order) events are counted.',
        ],
        tables: [{
          title: 'Delivery',
          columns: ['watchers', 'updates', 'events expected', 'missed', 'repeated', 'unexpected', 'p50', 'p99', 'max', 'events/s', 'time to open all watches'],
          rows: [[String(r.watchers), String(r.updates), String(r.expected), String(r.missed), String(r.repeated), String(r.unexpected),
            fmtMs(r.p50Ms), fmtMs(r.p99Ms), fmtMs(r.maxMs), fmtRate(r.eventsPerSecond), fmtMs(r.connectSeconds * 1000)]],
        }],
        metrics: {
          'watch.watchers': r.watchers,
          'watch.updates': r.updates,
          'watch.expected': r.expected,
          'watch.delivered': r.count,
          'watch.missed': r.missed,
          'watch.repeated': r.repeated,
          'watch.unexpected': r.unexpected,
          'watch.p50Ms': r.p50Ms,
          'watch.p99Ms': r.p99Ms,
          'watch.maxMs': r.maxMs,
          'watch.eventsPerSecond': r.eventsPerSecond,
          'watch.connectSeconds': r.connectSeconds,
        },
        targets: [
          {
            target: `${r.watchers}-watcher fan-out p99 ≤ ${GOAL_P99_MS} ms`,
            measured: `p99 ${fmtMs(r.p99Ms)} (p50 ${fmtMs(r.p50Ms)})`,
            met: r.p99Ms <= GOAL_P99_MS,
          },
          {
            target: 'every watcher gets every update exactly once, in order',
            measured: `${r.missed} missed, ${r.repeated} repeated, ${r.unexpected} unexpected of ${r.expected}`,
            met: exact,
          },
        ],
      },
      profile: {
        async drive(start) {
          const profiled = await start('server', ctx.newDir('watch-profile'), `\`arca server\` with ${plan.watchers} watchers and ${plan.watchUpdates} updates`);
          await createNamespace(profiled.client(1), NAMESPACE);
          await measureFanOut(profiled, options);
        },
      },
    };
  },
};
