// Propagation: how soon a running Pod sees a ConfigMap change. Against `arca up` (whose built-in
// node agent runs pods as host processes), a Pod mounts a ConfigMap; after each UPDATE is
// acknowledged, the harness reads the mounted file as the container's process sees it (through
// /proc/<pid>/root, i.e. inside its mount namespace) until the new value is there. A second Pod,
// annotated `arca.dev/reload-on-change: restart`, copies the value it reads at start into an
// emptyDir; there the time runs until the restarted container has reported the new value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RELOAD_ANNOTATION, RELOAD_DEBOUNCE_MS } from '../../src/agent/reload-policy.js';
import { startArca, type Arca } from '../lib/arca.js';
import type { HttpClient } from '../lib/http-client.js';
import { configMapBody, resourceVersionOf } from '../lib/objects.js';
import type { BenchContext, Scenario, ScenarioOutcome } from '../lib/scenario.js';
import { summarizeLatencies, type LatencySummary } from '../lib/stats.js';
import { fmtMs } from '../lib/units.js';

const NAMESPACE = 'default';
const CONFIG_MOUNT = '/bench-config';
const REPORT_MOUNT = '/bench-report';
const GOAL_P99_MS = 100;
/** An update not seen within this long counts as missed (and is not waited for further). */
const SEEN_WITHIN_MS = 10_000;
const POD_READY_WITHIN_MS = 30_000;
const POLL_MS = 1;

/** One Pod reading one ConfigMap (both named `name`), and where the harness watches it. */
interface Consumer {
  name: string;
  uid: string;
  /** The emptyDir file where the container wrote `<pid> <version>` when it started. */
  reportFile: string;
  resourceVersion: string;
}

export interface PropagationResult extends LatencySummary {
  updates: number;
  missed: number;
}

export const propagationScenario: Scenario = {
  id: 'propagation',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const { plan } = ctx;
    const arca = await startArca({ mode: 'up', dataDir: ctx.newDir('propagation') });
    let file: PropagationResult;
    let restart: PropagationResult;
    try {
      const client = arca.client(1);
      try {
        ctx.log(`propagation: ${plan.fileUpdates} updates to a mounted ConfigMap`);
        file = await measureFileUpdates(client, await startConsumer(arca, client, 'bench-file', false), plan.fileUpdates);
        ctx.log(`propagation: ${plan.restartUpdates} updates restarting the consumer`);
        restart = await measureRestarts(client, await startConsumer(arca, client, 'bench-restart', true), plan.restartUpdates);
      } finally {
        client.close();
      }
    } finally {
      await arca.stop();
    }
    const metrics: Record<string, number> = {};
    for (const [key, r] of [['file', file], ['restart', restart]] as const) {
      metrics[`propagation.${key}.updates`] = r.updates;
      metrics[`propagation.${key}.missed`] = r.missed;
      metrics[`propagation.${key}.p50Ms`] = r.p50Ms;
      metrics[`propagation.${key}.p99Ms`] = r.p99Ms;
      metrics[`propagation.${key}.maxMs`] = r.maxMs;
    }
    const row = (what: string, r: PropagationResult) => [what, String(r.updates), String(r.missed), fmtMs(r.p50Ms), fmtMs(r.p99Ms), fmtMs(r.maxMs)];
    return {
      report: {
        id: 'propagation',
        title: 'Propagation: ConfigMap change to the running Pod',
        method: [
          '`arca up` with its built-in node agent (pods run as host processes, each container in its own mount namespace); each Pod mounts a 1 KiB ConfigMap of its own as a volume, and the ConfigMap is changed by a PUT with its last resourceVersion.',
          `Mounted file: after each acknowledged UPDATE, the harness reads the file as the container's process sees it (\`/proc/<pid>/root${CONFIG_MOUNT}/version\`, every ${POLL_MS} ms) until it holds the new value; the time runs from the acknowledgement (0 when the file already changed before the acknowledgement arrived). The next UPDATE is sent once the file has changed (or after ${SEEN_WITHIN_MS / 1000} s, counted as missed).`,
          `Restart: a second Pod, annotated \`arca.dev/reload-on-change: restart\`, writes the value it reads from its mounted file at start into an emptyDir; the time runs from the acknowledgement until the restarted container has written the new value there. It includes the agent's ${RELOAD_DEBOUNCE_MS} ms debounce, which collects changes to several objects into one restart.`,
          'Kubernetes itself promises no bound: the kubelet refreshes ConfigMap volumes on its sync period plus its cache TTL, about a minute by default, and never restarts a container for a change.',
        ],
        tables: [{
          title: 'From the acknowledged UPDATE to the Pod seeing the new value',
          columns: ['what', 'updates', 'missed', 'p50', 'p99', 'max'],
          rows: [row('mounted file read by the running process', file), row('restarted container reporting the new value', restart)],
        }],
        metrics,
        targets: [{
          target: `mounted ConfigMap file updated in the running Pod, p99 ≤ ${GOAL_P99_MS} ms after the write`,
          measured: `p99 ${fmtMs(file.p99Ms)} (p50 ${fmtMs(file.p50Ms)}; ${file.missed} missed of ${file.updates})`,
          met: file.p99Ms <= GOAL_P99_MS && file.missed === 0,
        }],
      },
      profile: {
        async drive(start) {
          const profiled = await start('up', ctx.newDir('propagation-profile'),
            `\`arca up\` with its node agent, ${plan.fileUpdates} updates of a mounted ConfigMap`);
          const client = profiled.client(1);
          try {
            await measureFileUpdates(client, await startConsumer(profiled, client, 'bench-file', false), plan.fileUpdates);
          } finally {
            client.close();
          }
        },
      },
    };
  },
};

/** Creates the ConfigMap (version 0) and its Pod, and waits until the container has started. */
async function startConsumer(arca: Arca, client: HttpClient, name: string, restartOnChange: boolean): Promise<Consumer> {
  const base = `/api/v1/namespaces/${NAMESPACE}`;
  const resourceVersion = resourceVersionOf(await client.expect(201, 'POST', `${base}/configmaps`, configMapBody(name, 0)));
  const pod = podBody(name, restartOnChange);
  // The namespace's default ServiceAccount appears shortly after start; Pods are refused until then.
  const deadline = performance.now() + POD_READY_WITHIN_MS;
  let uid: string | undefined;
  while (!uid) {
    const res = await client.request('POST', `${base}/pods`, pod);
    if (res.status === 201) uid = (JSON.parse(res.body.toString('utf8')) as { metadata: { uid: string } }).metadata.uid;
    else if (performance.now() > deadline) throw new Error(`POST pod ${name}: ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
    else await sleep(50);
  }
  const reportFile = join(arca.dataDir, 'agent', 'pods', uid, 'volumes', 'report', 'seen');
  if ((await pollUntil(() => readReport(reportFile)?.version === 0, POD_READY_WITHIN_MS)) === undefined) {
    const status = (JSON.parse((await client.expect(200, 'GET', `${base}/pods/${name}`)).toString('utf8')) as { status?: unknown }).status;
    throw new Error(`pod ${name} did not start within ${POD_READY_WITHIN_MS} ms: status ${JSON.stringify(status)}`);
  }
  return { name, uid, reportFile, resourceVersion };
}

function podBody(name: string, restartOnChange: boolean): string {
  // The shell execs into sleep, so the pid it reports is the container's process for its whole life.
  // `$$` is Kubernetes' escape for `$` in commands: the shell sees `$(cat …)` and `$$`.
  const script = `v=$$(cat ${CONFIG_MOUNT}/version); echo "$$$$ $$v" > ${REPORT_MOUNT}/seen.tmp; mv ${REPORT_MOUNT}/seen.tmp ${REPORT_MOUNT}/seen; exec sleep 3600`;
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, ...(restartOnChange && { annotations: { [RELOAD_ANNOTATION]: 'restart' } }) },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{
        name: 'app', image: 'busybox', command: ['sh', '-c', script],
        volumeMounts: [{ name: 'config', mountPath: CONFIG_MOUNT }, { name: 'report', mountPath: REPORT_MOUNT }],
      }],
      volumes: [{ name: 'config', configMap: { name } }, { name: 'report', emptyDir: {} }],
    },
  });
}

/** `<pid> <version>` as the container wrote it, or undefined before it has. */
function readReport(file: string): { pid: number; version: number } | undefined {
  const text = readOptional(file);
  const m = text === undefined ? null : /^(\d+) (\d+)\n$/.exec(text);
  return m ? { pid: Number(m[1]), version: Number(m[2]) } : undefined;
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Each UPDATE timed until the running container's process reads the new value from its mount. */
async function measureFileUpdates(client: HttpClient, consumer: Consumer, updates: number): Promise<PropagationResult> {
  const { pid } = readReport(consumer.reportFile)!;
  const mounted = `/proc/${pid}/root${CONFIG_MOUNT}/version`;
  return timeUpdates(client, consumer, updates, (version) => readOptional(mounted) === String(version).padStart(8, '0'));
}

/** Each UPDATE timed until the restarted container has reported the new value. */
async function measureRestarts(client: HttpClient, consumer: Consumer, updates: number): Promise<PropagationResult> {
  return timeUpdates(client, consumer, updates, (version) => readReport(consumer.reportFile)?.version === version);
}

async function timeUpdates(client: HttpClient, consumer: Consumer, updates: number, sees: (version: number) => boolean): Promise<PropagationResult> {
  const path = `/api/v1/namespaces/${NAMESPACE}/configmaps/${consumer.name}`;
  const latencies: number[] = [];
  let missed = 0;
  for (let version = 1; version <= updates; version++) {
    const body = await client.expect(200, 'PUT', path, configMapBody(consumer.name, version, consumer.resourceVersion));
    const acknowledged = performance.now();
    consumer.resourceVersion = resourceVersionOf(body);
    const seen = await pollUntil(() => sees(version), SEEN_WITHIN_MS);
    if (seen === undefined) missed++;
    else latencies.push(Math.max(0, seen - acknowledged));
  }
  return { updates, missed, ...summarizeLatencies(latencies) };
}

/** The time at which `check` first held, polling every POLL_MS; undefined after `withinMs`. */
async function pollUntil(check: () => boolean, withinMs: number): Promise<number | undefined> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    if (check()) return performance.now();
    if (performance.now() > deadline) return undefined;
    await sleep(POLL_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
