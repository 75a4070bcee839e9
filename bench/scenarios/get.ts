// GET one 1 KiB ConfigMap at 64 connections, against bare Node answering the same bytes.
// Two like-for-like pairs: plain HTTP (`arca server` vs node:http) loaded by wrk, and TLS
// with client certificates (`arca up` vs node:https with Arca's listener options and
// certificates) loaded by the Node generator, since wrk cannot present a client certificate.
import { startArca, type Arca } from '../lib/arca.js';
import { startBareServer, type BareServer } from '../lib/bare-server.js';
import { alternateRounds } from '../lib/alternate.js';
import { runClosedLoop, type LoadResult } from '../lib/closed-loop.js';
import { HttpClient } from '../lib/http-client.js';
import { configMapBody } from '../lib/objects.js';
import type { BenchContext, Scenario, ScenarioOutcome, TargetCheck } from '../lib/scenario.js';
import { ratio } from '../lib/stats.js';
import { fmtBytes, fmtMs, fmtRate, fmtRatio } from '../lib/units.js';
import { runWrk } from '../lib/wrk.js';

const NAME = 'bench-get';
const PATH = `/api/v1/namespaces/default/configmaps/${NAME}`;
const GOAL = 0.5;

interface Pair { label: string; generator: string; arca: LoadResult; baseline: LoadResult }

export const getScenario: Scenario = {
  id: 'get',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const { plan } = ctx;
    const dataDir = ctx.newDir('get');
    const wrkRun = (url: string, ms: number) => runWrk(url, { connections: plan.getConnections, threads: 2, durationS: wrkSeconds(ms) });
    const nodeRun = (client: HttpClient, ms: number) => runClosedLoop(plan.getConnections, ms, async () => {
      await client.expect(200, 'GET', PATH);
    });
    /** Warm both sides up, then alternate measured rounds. */
    const measurePair = async (arcaRun: (ms: number) => Promise<LoadResult>, bareRun: (ms: number) => Promise<LoadResult>) => {
      // wrk counts whole seconds, so the smoke run's sub-second warm-up becomes none.
      if (plan.warmupMs >= 1000) {
        await arcaRun(plan.warmupMs);
        await bareRun(plan.warmupMs);
      }
      return alternateRounds(plan.getRounds, () => arcaRun(plan.getMs), () => bareRun(plan.getMs));
    };
    const nodeClients = async (arcaClient: HttpClient, bareClient: HttpClient) => {
      try {
        return await measurePair((ms) => nodeRun(arcaClient, ms), (ms) => nodeRun(bareClient, ms));
      } finally {
        arcaClient.close();
        bareClient.close();
      }
    };

    const pairs: Pair[] = [];
    let bodyBytes = 0;
    // Plain HTTP: wrk, then the Node generator on the same pair (shows what the generator costs).
    await withServers(ctx, 'server', dataDir, async (arca, bare, body) => {
      bodyBytes = body.length;
      ctx.log(`get: plain HTTP, wrk, ${plan.getConnections} connections`);
      pairs.push({ label: 'plain HTTP', generator: 'wrk', ...await measurePair((ms) => wrkRun(arca.url + PATH, ms), (ms) => wrkRun(bare.url + PATH, ms)) });
      ctx.log('get: plain HTTP, Node generator');
      pairs.push({
        label: 'plain HTTP', generator: 'Node (keep-alive http.Agent)',
        ...await nodeClients(arca.client(plan.getConnections), new HttpClient(bare.url, { connections: plan.getConnections })),
      });
    });
    await withServers(ctx, 'up', dataDir, async (arca, bare) => {
      ctx.log('get: TLS + client certificate, Node generator');
      pairs.push({
        label: 'HTTPS, client certificate', generator: 'Node (keep-alive https.Agent)',
        ...await nodeClients(arca.client(plan.getConnections), new HttpClient(bare.url, { connections: plan.getConnections, tls: arca.tls })),
      });
    });

    const [httpWrk, , tls] = pairs as [Pair, Pair, Pair];
    const metrics: Record<string, number> = { 'get.responseBytes': bodyBytes };
    const keys = ['http.wrk', 'http.node', 'https.node'];
    pairs.forEach((p, i) => {
      for (const [who, r] of [['arca', p.arca], ['bare', p.baseline]] as const) {
        metrics[`get.${keys[i]}.${who}.requestsPerSecond`] = r.throughput;
        metrics[`get.${keys[i]}.${who}.p50Ms`] = r.p50Ms;
        metrics[`get.${keys[i]}.${who}.p99Ms`] = r.p99Ms;
      }
      metrics[`get.${keys[i]}.ratio`] = ratio(p.arca.throughput, p.baseline.throughput);
    });
    const check = (p: Pair): TargetCheck => {
      const r = ratio(p.arca.throughput, p.baseline.throughput);
      return {
        target: `GET ≥ 50% of bare Node (${p.label}, ${p.generator.split(' ')[0]})`,
        measured: `${fmtRatio(r)} (${fmtRate(p.arca.throughput)} vs ${fmtRate(p.baseline.throughput)})`,
        met: r >= GOAL,
      };
    };
    return {
      report: {
        id: 'get',
        title: 'GET one 1 KiB ConfigMap',
        method: [
          `One ConfigMap holding 1 KiB of data (response: ${fmtBytes(bodyBytes)} of JSON), fetched by ${plan.getConnections} keep-alive connections. After a ${plan.warmupMs / 1000} s warm-up of each side, Arca and the baseline are loaded in ${plan.getRounds} alternating rounds of ${plan.getMs / 1000} s (so background load on the shared machine hits both alike); each side's median round is reported.`,
          'The baseline is a bare Node server (its own process) answering every request with the exact bytes Arca returns; over HTTPS it uses Arca\'s own listener options (ECDSA P-256 certificate, client certificate requested) and the same admin client certificate, so both pay the same TLS cost.',
          'wrk cannot present a client certificate (nor can its Lua scripts), so the like-for-like pairs are: plain HTTP (`arca server` vs node:http) under wrk, and HTTPS with the client certificate (`arca up` vs node:https) under the Node generator. The Node generator is also run on the plain-HTTP pair to show how much it compresses the ratio: it shares the 2 cores and tops out well below wrk.',
        ],
        tables: [{
          title: 'Throughput and latency',
          columns: ['transport', 'load generator', 'Arca req/s', 'Arca p50', 'Arca p99', 'bare req/s', 'bare p50', 'bare p99', 'Arca / bare'],
          rows: pairs.map((p) => [
            p.label, p.generator,
            fmtRate(p.arca.throughput), fmtMs(p.arca.p50Ms), fmtMs(p.arca.p99Ms),
            fmtRate(p.baseline.throughput), fmtMs(p.baseline.p50Ms), fmtMs(p.baseline.p99Ms),
            fmtRatio(ratio(p.arca.throughput, p.baseline.throughput)),
          ]),
        }],
        metrics,
        targets: [check(httpWrk), check(tls)],
      },
      profile: {
        async drive(start) {
          const plain = await start('server', dataDir, `\`arca server\` under wrk GETs of the ConfigMap (${plan.getConnections} connections, ${wrkSeconds(plan.profileMs)} s)`);
          await runWrk(plain.url + PATH, { connections: plan.getConnections, threads: 2, durationS: wrkSeconds(plan.profileMs) });
          await plain.stop();
          const tls = await start('up', dataDir, `\`arca up\` under the Node generator's HTTPS GETs with the admin certificate (${plan.getConnections} connections, ${plan.profileMs / 1000} s)`);
          const client = tls.client(plan.getConnections);
          await runClosedLoop(plan.getConnections, plan.profileMs, async () => {
            await client.expect(200, 'GET', PATH);
          });
          client.close();
        },
      },
    };
  },
};

function wrkSeconds(ms: number): number {
  return Math.max(1, Math.round(ms / 1000));
}

/** Arca (with the ConfigMap) and a bare server answering its GET bytes, then both stopped. */
async function withServers(ctx: BenchContext, mode: 'server' | 'up', dataDir: string, work: (arca: Arca, bare: BareServer, body: Buffer) => Promise<void>): Promise<void> {
  const arca = await startArca({ mode, dataDir });
  let bare: BareServer | undefined;
  try {
    const client = arca.client(1);
    const existing = await client.request('GET', PATH);
    if (existing.status === 404) await client.expect(201, 'POST', '/api/v1/namespaces/default/configmaps', configMapBody(NAME));
    const body = await client.expect(200, 'GET', PATH);
    client.close();
    bare = await startBareServer(ctx.newDir(`bare-${mode}`), body, mode === 'up' ? dataDir : undefined);
    await work(arca, bare, body);
  } finally {
    await bare?.child.stop();
    await arca.stop();
  }
}
