// CPU profiles of Arca under a scenario's load (node --cpu-prof), boiled down to what a reader
// needs: the functions with the most self time, the Arca functions with the most inclusive
// time, and time by area (Arca module, npm package, Node subsystem, GC). Locations are in the
// compiled JavaScript (dist/), whose lines track the TypeScript closely.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startArca, type Arca } from './arca.js';
import type { BenchContext, ProfileLoad } from './scenario.js';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number }

export interface ProfileEntry {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  scenario: string;
  load: string;
  /** Profiled wall time and the share of it the process was busy. */
  sampledMs: number;
  busyPercent: number;
  self: ProfileEntry[];
  arcaInclusive: ProfileEntry[];
  areas: ProfileEntry[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Runs `load` against Arca processes started with --cpu-prof; one summary per process. */
export async function profileScenario(ctx: BenchContext, scenario: string, load: ProfileLoad, top = 15): Promise<ProfileSummary[]> {
  const started: { arca: Arca; dir: string; load: string }[] = [];
  try {
    await load.drive(async (mode, dataDir, description, arcaArgs) => {
      const dir = ctx.newDir(`profile-${scenario}`);
      const arca = await startArca({ mode, dataDir, arcaArgs, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
      started.push({ arca, dir, load: description });
      return arca;
    });
  } finally {
    for (const s of started) await s.arca.stop();
  }
  return started.map((s) => {
    const files = readdirSync(s.dir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length !== 1) throw new Error(`expected one .cpuprofile in ${s.dir}, found ${files.length}`);
    const profile = JSON.parse(readFileSync(join(s.dir, files[0]!), 'utf8')) as CpuProfile;
    return { scenario, load: s.load, ...summarizeProfile(profile, top) };
  });
}

export function summarizeProfile(profile: CpuProfile, top: number): Omit<ProfileSummary, 'scenario' | 'load'> {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  const sampledMs = (profile.endTime - profile.startTime) / 1000;
  const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const msPerHit = hits ? sampledMs / hits : 0;
  let idleMs = 0;
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerHit;
    if (!ms) continue;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') { idleMs += ms; continue; }
    add(self, label(frame), ms);
    add(areas, area(frame), ms);
    // Inclusive time: each Arca function on the stack once, however deep the recursion.
    const onStack = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = parent.get(n.id)) {
      if (arcaPath(n.callFrame.url)) onStack.add(label(n.callFrame));
    }
    for (const key of onStack) add(inclusive, key, ms);
  }
  const busyMs = sampledMs - idleMs;
  const ranked = (m: Map<string, number>) => [...m]
    .sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, ms]) => ({ name, ms, percent: busyMs > 0 ? (ms / busyMs) * 100 : 0 }));
  return {
    sampledMs,
    busyPercent: sampledMs > 0 ? (busyMs / sampledMs) * 100 : 0,
    self: ranked(self),
    arcaInclusive: ranked(inclusive),
    areas: ranked(areas),
  };
}

function add(m: Map<string, number>, key: string, ms: number): void {
  m.set(key, (m.get(key) ?? 0) + ms);
}

/** `dist/src/apiserver/server.js` and the like: Arca's own code. */
function arcaPath(url: string): string | undefined {
  return /\/dist\/(src\/.+)$/.exec(url)?.[1];
}

function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (SPECIAL.has(name) || !frame.url) return name;
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const arca = arcaPath(url);
  if (arca) return arca;
  const pkg = /\/node_modules\/(.+)$/.exec(url)?.[1];
  return pkg ?? url.replace(/^file:\/\//, '');
}

function area(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName)) return frame.functionName;
  const url = frame.url;
  if (!url) return 'native code (JSON, RegExp, socket and crypto bindings, …)';
  const arca = arcaPath(url);
  if (arca) return `Arca ${arca.split('/').slice(0, 2).join('/')}`;
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return `npm ${pkg}`;
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `Node ${parts[0] === 'internal' ? parts.slice(0, 2).join('/') : parts[0]}`;
  }
  return url;
}
