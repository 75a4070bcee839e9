// What a scenario is and what it hands back to the harness.
import type { Arca, ArcaMode } from './arca.js';
import type { BenchPlan } from './plan.js';
import type { PopulateResult } from './populate.js';

export interface BenchContext {
  plan: BenchPlan;
  /** Scratch space for data directories (removed at the end unless --keep). */
  workDir: string;
  /** A fresh, empty directory under workDir. */
  newDir(label: string): string;
  log(message: string): void;
  /** Records a measurement left out of this run, and why (shown in the report). */
  skip(what: string, why: string): void;
}

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

/** One target from the issue, judged on this run's numbers. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export interface ScenarioReport {
  id: string;
  title: string;
  /** How it was measured, one sentence each (rendered as a list). */
  method: string[];
  tables: Table[];
  /** Every number, flat and named, for bench-results.json (raw units: ms, bytes, per second). */
  metrics: Record<string, number>;
  targets: TargetCheck[];
}

/**
 * Starts an Arca that records a CPU profile, summarized under `load` (what it is about to
 * serve); the harness stops it and reads the profile.
 */
export type StartProfiledArca = (mode: ArcaMode, dataDir: string, load: string, arcaArgs?: string[]) => Promise<Arca>;

/** The scenario's representative load, run again under --cpu-prof when a target is missed. */
export interface ProfileLoad {
  drive(start: StartProfiledArca): Promise<void>;
}

export interface ScenarioOutcome {
  report: ScenarioReport;
  profile?: ProfileLoad;
}

export interface Scenario {
  id: string;
  run(ctx: BenchContext): Promise<ScenarioOutcome>;
}

/** A namespace filled to `size` objects, shared by the size-dependent scenarios. */
export interface SizedStore {
  arca: Arca;
  namespace: string;
  size: number;
  /** How the last stretch of filling (to `size`) went. */
  fill: PopulateResult;
}

/** A scenario measured at each store size in turn, while one store grows. */
export interface SizedScenario {
  id: string;
  start(ctx: BenchContext): {
    measureAt(store: SizedStore): Promise<void>;
    report(): ScenarioReport;
  };
}
