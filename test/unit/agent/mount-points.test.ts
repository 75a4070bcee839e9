import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MountPoints } from '../../../src/agent/mount-points.js';

describe('MountPoints', () => {
  it('leaves nothing behind when pods sharing a path start and stop at the same time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'arca-mount-points-'));
    try {
      const points = new MountPoints();
      const target = join(root, 'run', 'secrets', 'kubernetes.io', 'serviceaccount');
      const first = await points.acquire(target, false);
      assert.deepEqual(first, [join(root, 'run'), join(root, 'run', 'secrets'), join(root, 'run', 'secrets', 'kubernetes.io'), target]);
      // One pod stops while others start: each release and acquisition sees the other's result whole.
      const [, second, third] = await Promise.all([points.release(first), points.acquire(target, false), points.acquire(target, false)]);
      assert.equal(existsSync(target), true);
      await Promise.all([points.release(second!), points.release(third!)]);
      assert.equal(existsSync(join(root, 'run')), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
