// The benchmark harness in smoke mode (tiny sizes, sub-second loads), run once so it cannot rot:
// every scenario runs and produces numbers, the report has its structure, the watch fan-out
// loses and repeats nothing, the running Pod sees every ConfigMap update, and the hand-written
// analysis survives a regeneration.
// No timing is asserted: these figures come from a loaded test machine.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BENCH_MAIN = fileURLToPath(new URL('../../bench/run.js', import.meta.url));
const SCENARIOS = ['get', 'write', 'watch', 'footprint', 'propagation', 'etcd', 'list', 'growth'];
const ANALYSIS = 'Hand-written analysis that a regeneration must keep.';

describe('npm run bench -- --smoke', { timeout: 300_000 }, () => {
  const outDir = mkdtempSync(join(tmpdir(), 'arca-bench-smoke-test-'));
  let results: any;
  let markdown: string;
  let startedAt: number;

  before(async () => {
    writeFileSync(join(outDir, 'BENCHMARKS.md'), `# old\n\n<!-- analysis:start -->\n${ANALYSIS}\n<!-- analysis:end -->\n`);
    startedAt = Date.now();
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, [BENCH_MAIN, '--smoke', '--out-dir', outDir], { maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
        if (err) reject(new Error(`bench failed: ${err.message}\n${stderr}`));
        else resolve();
      });
    });
    results = JSON.parse(readFileSync(join(outDir, 'bench-results.json'), 'utf8'));
    markdown = readFileSync(join(outDir, 'BENCHMARKS.md'), 'utf8');
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('describes the machine and the run', () => {
    assert.equal(results.mode, 'smoke');
    assert.equal(results.partial, false);
    assert.equal(results.machine.cores, cpus().length);
    assert.equal(results.machine.memoryBytes, totalmem());
    assert.equal(results.machine.node, process.version);
    const date = Date.parse(results.machine.date);
    assert.ok(date >= startedAt - 1000 && date <= Date.now(), `run date ${results.machine.date}`);
    assert.deepEqual(results.skipped, []);
    assert.deepEqual(results.notMeasured.map((n: any) => n.needs), ['etcd variants of those scenarios', 'a Secret variant of the propagation scenario']);
  });

  it('runs every scenario, and every scenario produces numbers', () => {
    assert.deepEqual(results.scenarios.map((s: any) => s.id), SCENARIOS);
    for (const s of results.scenarios) {
      const metrics = Object.entries(s.metrics);
      assert.ok(metrics.length > 0, `${s.id} has no metrics`);
      for (const [name, value] of metrics) {
        assert.ok(typeof value === 'number' && Number.isFinite(value), `${s.id}: ${name} is ${value}`);
      }
      assert.ok(s.tables.length > 0, `${s.id} has no table`);
      for (const t of s.tables) {
        assert.ok(t.rows.length > 0, `${s.id}: table ${t.title} is empty`);
        for (const row of t.rows) assert.equal(row.length, t.columns.length, `${s.id}: table ${t.title} row ${row.join(' | ')}`);
      }
    }
  });

  it('judges the targets of the issue', () => {
    assert.deepEqual(results.targets.map((t: any) => t.scenario),
      ['get', 'get', 'write', 'write', 'watch', 'watch', 'footprint', 'footprint', 'footprint', 'propagation', 'etcd', 'etcd']);
    for (const t of results.targets) assert.equal(typeof t.met, 'boolean');
  });

  it('delivers every watch event exactly once, in order', () => {
    const m = results.scenarios.find((s: any) => s.id === 'watch').metrics;
    assert.deepEqual(
      [m['watch.watchers'], m['watch.updates'], m['watch.expected'], m['watch.delivered'], m['watch.missed'], m['watch.repeated'], m['watch.unexpected']],
      [50, 10, 500, 500, 0, 0, 0],
    );
    const g = results.scenarios.find((s: any) => s.id === 'growth').metrics;
    for (const size of [100, 1000]) {
      assert.deepEqual([g[`growth.${size}.watch.missed`], g[`growth.${size}.watch.repeated`]], [0, 0]);
    }
  });

  it('sees every ConfigMap update in the running Pod, in its mounted file and after a restart', () => {
    const m = results.scenarios.find((s: any) => s.id === 'propagation').metrics;
    assert.deepEqual(
      [m['propagation.file.updates'], m['propagation.file.missed'], m['propagation.restart.updates'], m['propagation.restart.missed']],
      [5, 0, 2, 0],
    );
    assert.ok(m['propagation.file.p99Ms'] >= m['propagation.file.p50Ms']);
    assert.ok(m['propagation.restart.p50Ms'] > 0);
  });

  it('sets Arca on etcd against raw etcd at 1, 16 and 64 in flight', () => {
    const m = results.scenarios.find((s: any) => s.id === 'etcd').metrics;
    for (const c of [1, 16, 64]) {
      for (const op of ['put', 'get']) assert.ok(m[`etcd.raw.${op}.c${c}.perSecond`] > 0, `raw ${op} at ${c}`);
      for (const verb of ['create', 'update', 'get']) {
        const raw = m[`etcd.raw.${verb === 'get' ? 'get' : 'put'}.c${c}.perSecond`];
        assert.equal(m[`etcd.arca.${verb}.c${c}.ratio`], m[`etcd.arca.${verb}.c${c}.perSecond`] / raw, `${verb} at ${c}`);
      }
    }
  });

  it('lists each size whole and in pages of 500, seeing the same objects', () => {
    const m = results.scenarios.find((s: any) => s.id === 'list').metrics;
    for (const size of [100, 1000]) {
      const items = m[`list.${size}.full.items`];
      assert.ok(items >= size, `${items} items listed at ${size}`);
      assert.equal(m[`list.${size}.paged.items`], items);
      assert.equal(m[`list.${size}.full.requests`], 1);
      assert.equal(m[`list.${size}.paged.requests`], Math.ceil(items / 500));
    }
  });

  it('measures the footprint empty and at the smoke size', () => {
    const m = results.scenarios.find((s: any) => s.id === 'footprint').metrics;
    for (const size of [0, 1000]) {
      assert.ok(m[`footprint.secrets${size}.readyMs`] > 0);
      assert.ok(m[`footprint.secrets${size}.rssAtReadyBytes`] > 0);
      assert.ok(m[`footprint.secrets${size}.peakRssWithListBytes`] >= m[`footprint.secrets${size}.peakRssWithPagedListBytes`]);
    }
  });

  it('profiles each scenario that has a profile load (GET: plain HTTP and HTTPS)', () => {
    assert.deepEqual(results.profiles.map((p: any) => p.scenario), ['get', 'get', 'write', 'watch', 'footprint', 'propagation', 'etcd']);
    for (const p of results.profiles) {
      assert.ok(p.self.length > 0 && p.arcaInclusive.length > 0 && p.areas.length > 0, `profile ${p.scenario} is empty`);
    }
  });

  it('writes BENCHMARKS.md with every section and keeps the hand-written analysis', () => {
    assert.ok(markdown.startsWith('# Arca benchmarks\n'));
    assert.ok(markdown.includes(`| CPU | ${cpus().length} cores (`));
    const headings = markdown.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [
      '## Targets',
      '## Not yet measured',
      ...results.scenarios.map((s: any) => `## ${s.title}`),
      '## Where the time goes',
      '## Analysis',
    ]);
    assert.ok(markdown.includes('not yet measured, needs etcd variants of those scenarios.'));
    assert.ok(markdown.endsWith(`## Analysis\n\n<!-- analysis:start -->\n${ANALYSIS}\n<!-- analysis:end -->\n`));
  });
});
