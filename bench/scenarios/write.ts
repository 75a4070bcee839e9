// CREATE and UPDATE throughput at 1, 16 and 64 concurrent clients, against the rate at which
// raw better-sqlite3 commits single 1 KiB rows with the same pragmas on the same disk.
import { startArca, type Arca } from '../lib/arca.js';
import { warmThenRun, type LoadResult } from '../lib/closed-loop.js';
import type { HttpClient } from '../lib/http-client.js';
import { configMapBody, resourceVersionOf } from '../lib/objects.js';
import { createNamespace } from '../lib/populate.js';
import type { BenchContext, Scenario, ScenarioOutcome, Table } from '../lib/scenario.js';
import { measureRawSqlite, type SqliteBaseline, type SqliteCommitResult } from '../lib/sqlite-baseline.js';
import { ratio } from '../lib/stats.js';
import { fmtMs, fmtRate, fmtRatio } from '../lib/units.js';

const NAMESPACE = 'bench-write';
const BASE = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
const GOAL = 0.5;

export type Verb = 'create' | 'update';

export const writeScenario: Scenario = {
  id: 'write',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const { plan } = ctx;
    ctx.log('write: raw SQLite baseline');
    const rawBefore = measureRawSqlite(ctx.newDir('sqlite'), plan.sqliteMs);
    const dataDir = ctx.newDir('write');
    const arca = await startArca({ mode: 'server', dataDir });
    const results: Record<Verb, LoadResult[]> = { create: [], update: [] };
    try {
      await createNamespace(arca.client(1), NAMESPACE);
      for (const verb of ['create', 'update'] as const) {
        for (const concurrency of plan.writeConcurrencies) {
          ctx.log(`write: ${verb} at ${concurrency} concurrent clients`);
          results[verb].push(await measureWrites(arca, verb, concurrency, plan.warmupMs, plan.writeMs));
        }
      }
    } finally {
      await arca.stop();
    }
    ctx.log('write: raw SQLite baseline again');
    const rawAfter = measureRawSqlite(ctx.newDir('sqlite'), plan.sqliteMs);
    // The better of the two runs is the baseline: Arca is set against the best the disk did.
    const better = (pick: (b: SqliteBaseline) => SqliteCommitResult) =>
      [pick(rawBefore), pick(rawAfter)].reduce((x, y) => (y.commitsPerSecond > x.commitsPerSecond ? y : x));
    const raw = { sqliteVersion: rawBefore.sqliteVersion, insert: better((b) => b.insert), update: better((b) => b.update) };
    const baseline: Record<Verb, SqliteCommitResult> = { create: raw.insert, update: raw.update };
    const metrics: Record<string, number> = {
      'write.sqlite.insert.commitsPerSecond': raw.insert.commitsPerSecond,
      'write.sqlite.insert.p50Ms': raw.insert.p50Ms,
      'write.sqlite.insert.p99Ms': raw.insert.p99Ms,
      'write.sqlite.update.commitsPerSecond': raw.update.commitsPerSecond,
      'write.sqlite.update.p50Ms': raw.update.p50Ms,
      'write.sqlite.update.p99Ms': raw.update.p99Ms,
    };
    const rows: string[][] = [];
    for (const verb of ['create', 'update'] as const) {
      for (const r of results[verb]) {
        const key = `write.${verb}.c${r.concurrency}`;
        metrics[`${key}.perSecond`] = r.throughput;
        metrics[`${key}.p50Ms`] = r.p50Ms;
        metrics[`${key}.p99Ms`] = r.p99Ms;
        metrics[`${key}.ratio`] = ratio(r.throughput, baseline[verb].commitsPerSecond);
        rows.push([verb.toUpperCase(), String(r.concurrency), fmtRate(r.throughput), fmtMs(r.p50Ms), fmtMs(r.p99Ms),
          fmtRatio(ratio(r.throughput, baseline[verb].commitsPerSecond))]);
      }
    }
    const sqliteTable: Table = {
      title: `Baseline: raw better-sqlite3 (SQLite ${raw.sqliteVersion}), one 1 KiB row per commit, before and after the Arca loads`,
      columns: ['statement', 'run', 'commits/s', 'p50', 'p99'],
      rows: ([['INSERT', (b: SqliteBaseline) => b.insert], ['UPDATE', (b: SqliteBaseline) => b.update]] as const).flatMap(([verb, pick]) =>
        ([['before', rawBefore], ['after', rawAfter]] as const).map(([when, b]) => {
          const r = pick(b);
          return [verb, when, fmtRate(r.commitsPerSecond), fmtMs(r.p50Ms), fmtMs(r.p99Ms)];
        })),
    };
    const peak = (verb: Verb) => results[verb].reduce((best, r) => (r.throughput > best.throughput ? r : best));
    const targets = (['create', 'update'] as const).map((verb) => {
      const best = peak(verb);
      const r = ratio(best.throughput, baseline[verb].commitsPerSecond);
      return {
        target: `durable ${verb.toUpperCase()}s ≥ 50% of raw SQLite single-row commits`,
        measured: `${fmtRatio(r)} (best: ${fmtRate(best.throughput)} at ${best.concurrency} clients vs ${fmtRate(baseline[verb].commitsPerSecond)})`,
        met: r >= GOAL,
      };
    });
    return {
      report: {
        id: 'write',
        title: 'CREATE and UPDATE throughput',
        method: [
          `Plain-HTTP \`arca server\`; each client sends its next request when the previous one is answered, for ${plan.writeMs / 1000} s after a ${plan.warmupMs / 1000} s warm-up. CREATE posts new 1 KiB ConfigMaps; UPDATE PUTs one ConfigMap per client with a changed value and the resourceVersion it last got (no conflicts).`,
          'Every acknowledged write is durable: Arca commits it to SQLite (WAL, synchronous = FULL) before answering.',
          `The baseline commits one 1 KiB row per transaction with raw better-sqlite3 and the same pragmas, in one process with no HTTP, for ${plan.sqliteMs / 1000} s before and again after the Arca loads; the better run is the baseline. SQLite has a single writer, so its rate does not depend on client concurrency; the ratio compares Arca at each concurrency with it.`,
        ],
        tables: [sqliteTable, {
          title: 'Arca (1 KiB ConfigMaps)',
          columns: ['verb', 'clients', 'writes/s', 'p50', 'p99', 'Arca / raw SQLite'],
          rows,
        }],
        metrics,
        targets,
      },
      profile: {
        async drive(start) {
          const profiled = await start('server', ctx.newDir('write-profile'),
            `\`arca server\` under CREATEs then UPDATEs at 64 clients (${plan.profileMs / 1000} s each)`);
          await createNamespace(profiled.client(1), NAMESPACE);
          await measureWrites(profiled, 'create', 64, 0, plan.profileMs);
          await measureWrites(profiled, 'update', 64, 0, plan.profileMs);
        },
      },
    };
  },
};

let round = 0;

/** Closed-loop CREATEs (fresh names) or UPDATEs (one object per client) at `concurrency`, of ConfigMaps under `base`. */
export async function measureWrites(arca: Arca, verb: Verb, concurrency: number, warmupMs: number, durationMs: number,
  base = BASE): Promise<LoadResult> {
  const client: HttpClient = arca.client(concurrency);
  const prefix = `r${round++}-c${concurrency}`;
  try {
    if (verb === 'create') {
      const counters = new Array<number>(concurrency).fill(0);
      return await warmThenRun(concurrency, warmupMs, durationMs, async (worker) => {
        await client.expect(201, 'POST', base, configMapBody(`${prefix}-w${worker}-${counters[worker]!++}`));
      });
    }
    const versions = new Array<number>(concurrency).fill(0);
    const rvs = await Promise.all(Array.from({ length: concurrency }, async (_, worker) =>
      resourceVersionOf(await client.expect(201, 'POST', base, configMapBody(`${prefix}-w${worker}`)))));
    return await warmThenRun(concurrency, warmupMs, durationMs, async (worker) => {
      const name = `${prefix}-w${worker}`;
      const body = await client.expect(200, 'PUT', `${base}/${name}`, configMapBody(name, ++versions[worker]!, rvs[worker]));
      rvs[worker] = resourceVersionOf(body);
    });
  } finally {
    client.close();
  }
}
