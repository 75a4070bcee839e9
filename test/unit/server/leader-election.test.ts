import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Etcd3 } from 'etcd3';
import { startEtcdLeaderElection } from '../../../src/server/etcd-leader-election.js';
import {
  leaderElectionTimingsProblem, singleServerLeadership, type LeaderElection, type LeaderElectionTimings,
} from '../../../src/server/leader-election.js';
import { connectEtcd } from '../../../src/storage/etcd/etcd-client.js';
import { startEtcd, type EtcdProcess } from '../../helpers/etcd.js';
import { eventually } from '../../helpers/eventually.js';

const FAST: LeaderElectionTimings = { leaseDurationSeconds: 2, renewDeadlineMs: 1500, retryPeriodMs: 200 };

describe('leaderElectionTimingsProblem', () => {
  it('accepts kube-controller-manager defaults', () => {
    assert.equal(leaderElectionTimingsProblem({ leaseDurationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }), undefined);
  });
  it('names each broken rule', () => {
    assert.equal(leaderElectionTimingsProblem({ leaseDurationSeconds: 0, renewDeadlineMs: 10, retryPeriodMs: 1 }), 'leaseDuration must be a whole number of seconds, at least 1');
    assert.equal(leaderElectionTimingsProblem({ leaseDurationSeconds: 2, renewDeadlineMs: 2000, retryPeriodMs: 1 }), 'leaseDuration must be greater than renewDeadline');
    assert.equal(leaderElectionTimingsProblem({ leaseDurationSeconds: 2, renewDeadlineMs: 500, retryPeriodMs: 500 }), 'renewDeadline must be greater than retryPeriod');
    assert.equal(leaderElectionTimingsProblem({ leaseDurationSeconds: 2, renewDeadlineMs: 500, retryPeriodMs: 0 }), 'retryPeriod must be greater than zero');
  });
});

describe('singleServerLeadership', () => {
  it('leads at once and stops leading when closed, once', async () => {
    const events: string[] = [];
    const election = singleServerLeadership({ onStartedLeading: () => events.push('start'), onStoppedLeading: () => events.push('stop') });
    assert.equal(election.isLeader(), true);
    await election.close();
    await election.close();
    assert.equal(election.isLeader(), false);
    assert.deepEqual(events, ['start', 'stop']);
  });
});

describe('etcd leader election', () => {
  let etcd: EtcdProcess;
  const clients: Etcd3[] = [];
  before(async () => { etcd = await startEtcd(); });
  after(async () => {
    for (const c of clients) c.close();
    await etcd.stop();
  });

  /** A candidate on its own connection, recording what it was told. */
  async function candidate(name: string, key: string) {
    const client = await connectEtcd({ endpoints: [etcd.endpoint] });
    clients.push(client);
    const events: string[] = [];
    const eventTimes: number[] = [];
    const logs: string[] = [];
    const election: LeaderElection = startEtcdLeaderElection(client, { key, identity: name, timings: FAST, log: (m) => logs.push(m) }, {
      onStartedLeading: () => { events.push('start'); eventTimes.push(Date.now()); },
      onStoppedLeading: () => { events.push('stop'); eventTimes.push(Date.now()); },
    });
    return { client, election, events, eventTimes, logs };
  }

  it('elects exactly one of two candidates and records it in the key', async () => {
    const key = '/test/leases/one';
    const a = await candidate('a', key);
    const b = await candidate('b', key);
    await eventually(() => assert.equal([a, b].filter((c) => c.election.isLeader()).length, 1));
    // Several retry periods later, still one leader, and it never changed.
    await new Promise((resolve) => setTimeout(resolve, 4 * FAST.retryPeriodMs));
    const [leader, follower] = a.election.isLeader() ? [a, b] : [b, a];
    assert.deepEqual(leader.events, ['start']);
    assert.deepEqual(follower.events, []);
    assert.equal(await a.client.get(key).string(), leader === a ? 'a' : 'b');
    await a.election.close();
    await b.election.close();
  });

  it('hands over at once when the leader leaves (its lease is revoked)', async () => {
    const key = '/test/leases/leave';
    const a = await candidate('a', key);
    await eventually(() => assert.equal(a.election.isLeader(), true));
    const b = await candidate('b', key);
    await new Promise((resolve) => setTimeout(resolve, 2 * FAST.retryPeriodMs));
    assert.equal(b.election.isLeader(), false);
    const left = Date.now();
    await a.election.close();
    assert.deepEqual(a.events, ['start', 'stop']);
    assert.deepEqual(a.logs, ['leader election: a became leader', 'leader election: a stopped leading (shutting down)']);
    await eventually(() => assert.equal(b.election.isLeader(), true));
    // Well within the lease duration: the key went with the revoked lease.
    assert.ok(Date.now() - left < FAST.leaseDurationSeconds * 1000, `took ${Date.now() - left} ms`);
    assert.equal(await b.client.get(key).string(), 'b');
    await b.election.close();
    assert.equal(await b.client.get(key).string(), null);
  });

  it('hands over after the lease expires when the leader vanishes without a word', async () => {
    const key = '/test/leases/vanish';
    const a = await candidate('a', key);
    await eventually(() => assert.equal(a.election.isLeader(), true));
    const b = await candidate('b', key);
    // Cut a off from etcd: it can neither renew nor revoke, as if its process died.
    a.client.close();
    await eventually(() => assert.equal(b.election.isLeader(), true), (FAST.leaseDurationSeconds + 3) * 1000);
    // a gave up on its own before its lease could have expired, so the two never overlapped.
    await eventually(() => assert.deepEqual(a.events, ['start', 'stop']));
    assert.ok(a.eventTimes[1]! < b.eventTimes[0]!, `a stopped at ${a.eventTimes[1]}, b started at ${b.eventTimes[0]}`);
    const steppedDown = a.logs.filter((line) => line.includes('stopped leading'));
    assert.equal(steppedDown.length, 1);
    assert.match(steppedDown[0]!, /^leader election: a stopped leading \(no renewal within 1500 ms/);
    await a.election.close();
    await b.election.close();
  });
});
