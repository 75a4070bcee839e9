// One store, grown size by size; at each size every sized scenario takes its measurements, so
// the expensive filling (100k objects through the API) happens once.
import { startArca } from './arca.js';
import { createNamespace, FillBudget, populate } from './populate.js';
import type { BenchContext, ScenarioReport, SizedScenario } from './scenario.js';
import { fmtCount, fmtRate } from './units.js';

const NAMESPACE = 'bench-sized';

export async function runSizedPhase(ctx: BenchContext, scenarios: SizedScenario[]): Promise<ScenarioReport[]> {
  if (!scenarios.length) return [];
  const { plan } = ctx;
  const arca = await startArca({ mode: 'server', dataDir: ctx.newDir('sized') });
  try {
    const runs = scenarios.map((s) => s.start(ctx));
    const client = arca.client(plan.populateConcurrency);
    await createNamespace(client, NAMESPACE);
    const budget = new FillBudget(plan.fillBudgetSeconds);
    let stored = 0;
    for (const size of plan.sizes) {
      if (!budget.fits(size - stored)) {
        ctx.skip(`LIST and growth at ${fmtCount(size)} ConfigMaps`,
          `filling to ${fmtCount(size)} would take about ${(budget.projectedSeconds(size - stored) / 60).toFixed(1)} more minutes at this run's create rate, over the ${plan.fillBudgetSeconds / 60}-minute allowance`);
        break;
      }
      ctx.log(`sized: filling ${NAMESPACE} to ${fmtCount(size)} ConfigMaps`);
      const fill = await populate(client, NAMESPACE, 'configmaps', stored, size, plan.populateConcurrency);
      budget.record(fill);
      ctx.log(`sized: ${fill.created} creates in ${fill.seconds.toFixed(1)} s (${fmtRate(fill.createsPerSecond)})`);
      stored = size;
      for (const run of runs) await run.measureAt({ arca, namespace: NAMESPACE, size, fill });
    }
    client.close();
    return runs.map((r) => r.report());
  } finally {
    await arca.stop();
  }
}
