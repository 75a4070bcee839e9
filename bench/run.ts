// `npm run bench [-- --smoke] [--out-dir DIR] [--only get,write,...] [--no-profile] [--keep]`:
// runs the scenarios, profiles those that miss a target, and writes BENCHMARKS.md and
// bench-results.json (to the repository root for a full run; to a temporary directory for a
// smoke run unless --out-dir says otherwise, so smoke numbers never overwrite real ones).
// With --only, the scenarios run replace theirs in an existing bench-results.json of the same
// mode in the output directory, and the rest of that run is kept (the report says so).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { profileScenario, type ProfileSummary } from './lib/cpu-profile.js';
import { describeMachine } from './lib/machine.js';
import { FULL_PLAN, SMOKE_PLAN } from './lib/plan.js';
import { mergeResults, NOT_MEASURED, RESULTS_FILE, writeOutputs, type BenchResults } from './lib/report.js';
import type { BenchContext, ScenarioOutcome, ScenarioReport } from './lib/scenario.js';
import { runSizedPhase } from './lib/sized-phase.js';
import { etcdScenario } from './scenarios/etcd.js';
import { footprintScenario } from './scenarios/footprint.js';
import { getScenario } from './scenarios/get.js';
import { growthScenario } from './scenarios/growth.js';
import { listScenario } from './scenarios/list.js';
import { propagationScenario } from './scenarios/propagation.js';
import { watchScenario } from './scenarios/watch.js';
import { writeScenario } from './scenarios/write.js';

const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
const SCENARIOS = [getScenario, writeScenario, watchScenario, footprintScenario, propagationScenario, etcdScenario];
const SIZED_SCENARIOS = [listScenario, growthScenario];
const ALL_IDS = [...SCENARIOS, ...SIZED_SCENARIOS].map((s) => s.id);

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    'out-dir': { type: 'string' },
    only: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const only = args.only ? args.only.split(',').map((s) => s.trim()) : ALL_IDS;
const unknown = only.filter((id) => !ALL_IDS.includes(id));
if (unknown.length) {
  process.stderr.write(`unknown scenario(s) ${unknown.join(', ')}; known: ${ALL_IDS.join(', ')}\n`);
  process.exit(2);
}
const plan = args.smoke ? SMOKE_PLAN : FULL_PLAN;
const outDir = resolve(args['out-dir'] ?? (args.smoke ? mkdtempSync(join(tmpdir(), 'arca-bench-smoke-out-')) : REPO_DIR));
mkdirSync(outDir, { recursive: true });
const workDir = mkdtempSync(join(tmpdir(), 'arca-bench-'));
const runStarted = performance.now();
let dirs = 0;
const skipped: BenchResults['skipped'] = [];
const ctx: BenchContext = {
  plan,
  workDir,
  newDir(label) {
    const dir = join(workDir, `${String(dirs++).padStart(2, '0')}-${label}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  },
  log(message) {
    process.stderr.write(`[${((performance.now() - runStarted) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  },
  skip(what, why) {
    ctx.log(`left out: ${what}: ${why}`);
    skipped.push({ what, why });
  },
};

try {
  const machine = await describeMachine(REPO_DIR);
  ctx.log(`${plan.smoke ? 'smoke' : 'full'} run on ${machine.cores} cores, Node ${machine.node}; scratch in ${workDir}`);
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of SCENARIOS.filter((s) => only.includes(s.id))) {
    outcomes.push(await scenario.run(ctx));
  }
  const sized = await runSizedPhase(ctx, SIZED_SCENARIOS.filter((s) => only.includes(s.id)));
  const reports: ScenarioReport[] = [...outcomes.map((o) => o.report), ...sized];

  // Smoke runs profile every scenario (so the profiling path cannot rot); full runs profile
  // the scenarios that missed a target.
  const profiles: ProfileSummary[] = [];
  if (!args['no-profile']) {
    for (const o of outcomes) {
      if (!o.profile || !(plan.smoke || o.report.targets.some((t) => !t.met))) continue;
      ctx.log(`profile: ${o.report.id}`);
      profiles.push(...await profileScenario(ctx, o.report.id, o.profile));
    }
  }

  const fresh: BenchResults = {
    mode: plan.smoke ? 'smoke' : 'full',
    partial: only.length < ALL_IDS.length,
    machine,
    durationSeconds: (performance.now() - runStarted) / 1000,
    loadAverageAtEnd: loadavg()[0]!,
    targets: reports.flatMap((r) => r.targets.map((t) => ({ scenario: r.id, ...t }))),
    scenarios: reports,
    profiles,
    notMeasured: NOT_MEASURED,
    skipped,
  };
  const previous = join(outDir, RESULTS_FILE);
  const earlier = fresh.partial && existsSync(previous) ? JSON.parse(readFileSync(previous, 'utf8')) as BenchResults : undefined;
  const results = earlier?.mode === fresh.mode ? mergeResults(earlier, fresh, ALL_IDS) : fresh;
  if (results !== fresh) ctx.log(`merged into the run of ${earlier!.machine.date} in ${previous}`);
  const written = writeOutputs(outDir, results);
  for (const t of fresh.targets) {
    ctx.log(`${plan.smoke ? 'not judged' : t.met ? 'met     ' : 'MISSED  '}  ${t.target}: ${t.measured}`);
  }
  process.stdout.write(`wrote ${written.markdown}\nwrote ${written.json}\n`);
} finally {
  if (args.keep) ctx.log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
