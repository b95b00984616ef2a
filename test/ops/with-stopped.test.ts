import {describe, expect, it} from 'vitest';
import {withStopped} from '../../src/ops/with-stopped.js';
import {runningUsersOf} from '../../src/model/running-users.js';
import {engineWithFiles} from './transfer.js';

describe('stop for the duration', () => {
  it('takes every live user of the volume (running, restarting, paused) and none that is stopped', () => {
    const engine = engineWithFiles();
    expect(runningUsersOf(engine.containers, 'app').map((c) => c.name)).toEqual(['web', 'worker']);
    expect(
      runningUsersOf(
        [{id: 'r', name: 'r', state: 'restarting', mounts: [{volumeName: 'v', destination: '/d', readOnly: false}]}],
        'v',
      ),
    ).toHaveLength(1);
  });

  it('starts them again in reverse order, re-pauses the paused, and passes the failure on', async () => {
    const engine = engineWithFiles();
    const users = runningUsersOf(engine.containers, 'app');
    await expect(
      withStopped(engine, users, async () => {
        expect(engine.containers.filter((c) => c.state === 'exited').map((c) => c.name)).toEqual([
          'web',
          'worker',
          'old',
        ]);
        throw new Error('copy failed');
      }),
    ).rejects.toThrow('copy failed');
    expect(engine.lifecycle).toEqual(['stop web', 'stop worker', 'start worker', 'start web', 'pause worker']);
    expect(engine.containers.map((c) => c.state)).toEqual(['running', 'paused', 'exited']);
  });

  it('does nothing to the engine when nobody uses the volume', async () => {
    const engine = engineWithFiles();
    expect(await withStopped(engine, [], async () => 42)).toBe(42);
    expect(engine.lifecycle).toEqual([]);
  });
});
