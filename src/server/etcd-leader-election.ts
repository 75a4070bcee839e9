// Leader election on etcd, the way kube-controller-manager elects through a Lease: every candidate
// holds an etcd lease it renews each retry period, and the leader is whoever created the election
// key bound to its lease (a transaction that creates the key only if it is absent). When the
// leader dies its lease expires and etcd deletes the key; when it stops it revokes the lease, which
// deletes the key at once. A leader that cannot renew within the renew deadline steps down before
// its lease can expire, so two servers never both believe they lead.
import type { Etcd3, Lease } from 'etcd3';
import { EtcdLeaseInvalidError } from 'etcd3';
import type { LeaderCallbacks, LeaderElection, LeaderElectionTimings } from './leader-election.js';

export interface EtcdLeaderElectionOptions {
  /** The election key, e.g. /arca/leases/arca-controller-manager. */
  key: string;
  /** Stored in the key while this candidate leads (kube: hostname_uuid). */
  identity: string;
  timings: LeaderElectionTimings;
  log: (message: string) => void;
}

export function startEtcdLeaderElection(client: Etcd3, opts: EtcdLeaderElectionOptions, callbacks: LeaderCallbacks): LeaderElection {
  const { key, identity, timings, log } = opts;
  let lease: Lease | undefined;
  let lastRenewal = 0;
  let leading = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const stepDown = (why: string) => {
    if (!leading) return;
    leading = false;
    log(`leader election: ${identity} stopped leading (${why})`);
    callbacks.onStoppedLeading();
  };

  const dropLease = () => {
    const old = lease;
    lease = undefined;
    // Best effort: a revoked lease frees the key at once instead of after its TTL.
    if (old) void old.revoke().catch(() => {});
  };

  /** Keeps this candidate's lease alive; false when there is no live lease after the attempt. */
  const renew = async (): Promise<boolean> => {
    // The lease runs from when etcd got the request, so count from before it was sent.
    const sent = Date.now();
    if (!lease) {
      const fresh = client.lease(timings.leaseDurationSeconds, { autoKeepAlive: false });
      fresh.on('lost', () => {}); // losses are handled where keepaliveOnce fails
      try {
        await withDeadline(fresh.grant(), timings.renewDeadlineMs);
      } catch (err) {
        void fresh.revoke().catch(() => {}); // in case the grant arrived after the deadline
        throw err;
      }
      lease = fresh;
      lastRenewal = sent;
      return true;
    }
    try {
      await withDeadline(lease.keepaliveOnce(), timings.renewDeadlineMs);
      lastRenewal = sent;
      return true;
    } catch (err) {
      if (err instanceof EtcdLeaseInvalidError) {
        stepDown('lease expired');
        lease = undefined;
        return false;
      }
      if (Date.now() - lastRenewal > timings.renewDeadlineMs) {
        stepDown(`no renewal within ${timings.renewDeadlineMs} ms: ${(err as Error).message}`);
        dropLease();
      }
      return false;
    }
  };

  const tryAcquire = async () => {
    const held = lease!;
    const result = await withDeadline(
      client.if(key, 'Create', '==', 0).then(held.put(key).value(identity)).else(client.get(key)).commit(),
      timings.renewDeadlineMs,
    );
    if (closed || lease !== held) return;
    // Ours already: an earlier attempt succeeded in etcd but its answer was lost (deadline).
    const holder = result.responses[0]?.response_range?.kvs[0]?.value.toString('utf8');
    if (result.succeeded || holder === identity) {
      leading = true;
      log(`leader election: ${identity} became leader`);
      callbacks.onStartedLeading();
    }
  };

  /** The key can vanish or change owner only through an outside hand (etcdctl); then lead no more. */
  const confirmOwnership = async () => {
    const holder = await withDeadline(client.get(key).string(), timings.renewDeadlineMs);
    if (holder !== identity) stepDown(`the election key is held by ${holder ?? 'nobody'}`);
  };

  const round = async () => {
    try {
      if (!(await renew()) || closed) return;
      if (leading) await confirmOwnership();
      else await tryAcquire();
    } catch (err) {
      if (!closed) log(`leader election: ${(err as Error).message}`);
      if (!lease) return;
      if (leading && Date.now() - lastRenewal > timings.renewDeadlineMs) {
        stepDown(`no renewal within ${timings.renewDeadlineMs} ms`);
        dropLease();
      }
    }
  };

  const schedule = (delayMs: number) => {
    if (closed) return;
    timer = setTimeout(() => {
      inFlight = round().finally(() => schedule(timings.retryPeriodMs));
    }, delayMs);
  };

  schedule(0);
  return {
    isLeader: () => leading,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await inFlight;
      stepDown('shutting down');
      const last = lease;
      lease = undefined;
      if (last) await withDeadline(last.revoke(), timings.renewDeadlineMs).catch(() => {});
    },
  };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`etcd did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
