// How big and how long: the full run (`npm run bench`, ~10 minutes on 2 cores) and the smoke
// run (`--smoke`, tiny sizes and sub-second loads: it proves the harness works, not speed).

export interface BenchPlan {
  smoke: boolean;
  /** Unmeasured load before each measured load. */
  warmupMs: number;
  /** Each measured GET load (one round). */
  getMs: number;
  /** Alternating Arca/baseline rounds per GET pair (the median round is reported). */
  getRounds: number;
  getConnections: number;
  /** Each measured CREATE or UPDATE load, per concurrency. */
  writeMs: number;
  writeConcurrencies: number[];
  /** Each raw SQLite baseline (insert, then update). */
  sqliteMs: number;
  watchers: number;
  watchUpdates: number;
  /** Store sizes for LIST and the growth table (objects in one namespace). */
  sizes: number[];
  pageSize: number;
  /** Repetitions of each LIST (full and paged) at `size`. */
  listRepetitions(size: number): number;
  /** Stored Secrets for the footprint scenario (0: empty store). */
  footprintSizes: number[];
  /** Restarts measured per footprint size (median reported). */
  footprintRestarts: number;
  /** Growth table: each GET/UPDATE load, and its watch fan-out. */
  growthLoadMs: number;
  growthConnections: number;
  growthWatchers: number;
  growthUpdates: number;
  /** Requests in flight while filling a store. */
  populateConcurrency: number;
  /** Time allowed for filling, per store (sized phase; footprint): larger sizes that would overrun are skipped. */
  fillBudgetSeconds: number;
  /** Propagation: ConfigMap updates timed to the running Pod's mounted file, and to a restarted container. */
  fileUpdates: number;
  restartUpdates: number;
  /** etcd backend: each measured load (raw etcd and Arca), at each of writeConcurrencies. */
  etcdMs: number;
  /** Load duration under --cpu-prof, per scenario that missed a target. */
  profileMs: number;
}

export const FULL_PLAN: BenchPlan = {
  smoke: false,
  warmupMs: 2000,
  getMs: 4000,
  getRounds: 3,
  getConnections: 64,
  writeMs: 5000,
  writeConcurrencies: [1, 16, 64],
  sqliteMs: 3000,
  watchers: 1000,
  watchUpdates: 100,
  sizes: [1000, 10_000, 100_000],
  pageSize: 500,
  listRepetitions: (size) => (size >= 100_000 ? 3 : size >= 10_000 ? 5 : 20),
  footprintSizes: [0, 10_000, 100_000],
  footprintRestarts: 3,
  growthLoadMs: 3000,
  growthConnections: 16,
  growthWatchers: 100,
  growthUpdates: 20,
  populateConcurrency: 64,
  fillBudgetSeconds: 240,
  fileUpdates: 100,
  restartUpdates: 20,
  etcdMs: 4000,
  profileMs: 5000,
};

export const SMOKE_PLAN: BenchPlan = {
  smoke: true,
  warmupMs: 200,
  getMs: 500,
  getRounds: 1,
  getConnections: 64,
  writeMs: 300,
  writeConcurrencies: [1, 16, 64],
  sqliteMs: 200,
  watchers: 50,
  watchUpdates: 10,
  sizes: [100, 1000],
  pageSize: 500,
  listRepetitions: () => 2,
  footprintSizes: [0, 1000],
  footprintRestarts: 1,
  growthLoadMs: 300,
  growthConnections: 16,
  growthWatchers: 10,
  growthUpdates: 5,
  populateConcurrency: 64,
  fillBudgetSeconds: 120,
  fileUpdates: 5,
  restartUpdates: 2,
  etcdMs: 300,
  profileMs: 300,
};
