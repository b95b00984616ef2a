import {describe, expect, it} from 'vitest';
import {RemoveError} from '../../src/docker/gateway.js';
import {emptyVolume, previewEmpty} from '../../src/ops/empty.js';
import {OpError} from '../../src/ops/errors.js';
import {renameVolume} from '../../src/ops/rename.js';
import {emptySummary, renameSummary} from '../../src/model/job-text.js';
import {container, volume} from '../helpers/fixtures.js';
import {APP_FILES, engineWithFiles, IMAGE, listing} from './transfer.js';
import {Tree} from '../../src/model/tree.js';

async function refusal(work: Promise<unknown>): Promise<OpError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpError);
  return error as OpError;
}

const names = (engine: {volumes: Array<{name: string}>}) => engine.volumes.map((v) => v.name).sort();

describe('empty (over the memory engine)', () => {
  it('previews entries, bytes and the live users; refuses while they run unless they may be stopped', async () => {
    const engine = engineWithFiles();
    const preview = await previewEmpty(engine, 'app', IMAGE);
    expect(preview).toMatchObject({volume: 'app', entries: 4, runningUsers: ['web', 'worker']});
    expect(preview.bytes).toBeGreaterThan(70_000);
    const refused = await refusal(emptyVolume(engine, {volume: 'app', image: IMAGE, stopContainers: false}));
    expect(refused.reason).toBe('inUse');
    expect(refused.message).toMatch(/web, worker use it now/);
    expect(refused.users).toEqual(['web', 'worker']);
    expect(refused.message).not.toContain('--stop-containers');
    expect(listing(engine, 'app')).toHaveLength(APP_FILES.length);
    expect(engine.calls.emptyVolume).toBe(0);
  });

  it('with stopContainers: stops the live users, empties, starts them again (the paused one paused again); the volume and labels stay', async () => {
    const engine = engineWithFiles();
    const phases: string[] = [];
    const result = await emptyVolume(engine, {
      volume: 'app',
      image: IMAGE,
      stopContainers: true,
      onPhase: (p) => phases.push(p),
    });
    expect(listing(engine, 'app')).toEqual([]);
    expect(engine.volumes.find((v) => v.name === 'app')?.labels).toEqual({tier: 'db', 'com.example.owner': 'ops'});
    expect(engine.lifecycle).toEqual(['stop web', 'stop worker', 'start worker', 'start web', 'pause worker']);
    expect(phases).toEqual(['stopping', 'emptying', 'starting', 'checking']);
    expect(result.restarted).toEqual(['web', 'worker']);
    expect(emptySummary('app', result)).toMatch(
      /^Emptied app: 4 entries \(.*\) deleted in .* s; the volume and its labels are kept\. web, worker stopped for it and started again\.$/,
    );
  });

  it('starts the containers again when emptying fails, and says what happened', async () => {
    const engine = engineWithFiles();
    engine.failNext('emptyVolume', new Error('the engine said no'));
    await expect(emptyVolume(engine, {volume: 'app', image: IMAGE, stopContainers: true})).rejects.toThrow(
      'the engine said no',
    );
    expect(engine.lifecycle).toEqual(['stop web', 'stop worker', 'start worker', 'start web', 'pause worker']);
  });

  it('a volume with no live user is emptied without stopping anything; a missing one is named', async () => {
    const engine = engineWithFiles();
    await emptyVolume(engine, {volume: 'other', image: IMAGE, stopContainers: false});
    expect(listing(engine, 'other')).toEqual([]);
    expect(engine.lifecycle).toEqual([]);
    expect((await refusal(emptyVolume(engine, {volume: 'nope', image: IMAGE, stopContainers: false}))).reason).toBe(
      'notFound',
    );
  });
});

describe('rename (over the memory engine)', () => {
  const unused = () => {
    const engine = engineWithFiles();
    engine.containers = engine.containers.filter((c) => !c.mounts.some((m) => m.volumeName === 'app'));
    return engine;
  };

  it('copies inside the engine with labels, driver and options, compares, then removes OLD', async () => {
    const engine = unused();
    const before = listing(engine, 'app');
    const result = await renameVolume(engine, {from: 'app', to: 'app2', image: IMAGE});
    expect(names(engine)).toEqual(['app2', 'other', 'spare']);
    expect(listing(engine, 'app2')).toEqual(before);
    expect(engine.volumes.find((v) => v.name === 'app2')?.labels).toEqual({tier: 'db', 'com.example.owner': 'ops'});
    expect(engine.calls.copyVolume).toBe(1);
    expect(renameSummary('app', 'app2', result)).toMatch(
      /^Renamed app to app2: 4 entries .* 2 labels carried; app removed\.$/,
    );
  });

  it('refuses a volume any container uses (stopped too), an existing NEW and the same name', async () => {
    const engine = engineWithFiles();
    const used = await refusal(renameVolume(engine, {from: 'app', to: 'app2', image: IMAGE}));
    expect([used.reason, used.message]).toEqual([
      'inUse',
      expect.stringMatching(/web \(running\), worker \(paused\), old \(exited\) use it/),
    ]);
    expect((await refusal(renameVolume(engine, {from: 'other', to: 'spare', image: IMAGE}))).reason).toBe('badRequest');
    expect((await refusal(renameVolume(engine, {from: 'other', to: 'other', image: IMAGE}))).reason).toBe('badRequest');
    expect(names(engine)).toEqual(['app', 'other', 'spare']);
  });

  // A failure at each step: OLD as it was, no NEW.
  for (const step of ['createVolume', 'copyVolume', 'compare', 'removeOld'] as const) {
    it(`a failure at ${step} leaves OLD as it was and no NEW`, async () => {
      const engine = unused();
      const before = listing(engine, 'app');
      if (step === 'createVolume' || step === 'copyVolume')
        engine.failNext(step, new Error(`injected ${step} failure`));
      if (step === 'compare') {
        const copy = engine.copyVolume.bind(engine);
        engine.copyVolume = async (...args) => {
          const trees = await copy(...args);
          // The target as listed, one file short.
          const short = new Tree();
          for (const [path, entry] of trees.target.kept!) if (path !== 'data.bin') short.add(path, entry);
          return {...trees, target: short};
        };
      }
      if (step === 'removeOld') {
        const remove = engine.removeVolume.bind(engine);
        engine.removeVolume = async (name) => {
          // Another client attaches a container to OLD between the copy and its removal.
          if (name === 'app') throw new RemoveError('inUse', 'remove app: volume is in use - [abc]');
          return remove(name);
        };
      }
      await expect(renameVolume(engine, {from: 'app', to: 'app2', image: IMAGE})).rejects.toThrow(
        step === 'compare'
          ? /differs/
          : step === 'removeOld'
            ? /app could not be removed .* app2 was removed again/
            : /injected/,
      );
      expect(names(engine)).toEqual(['app', 'other', 'spare']);
      expect(listing(engine, 'app')).toEqual(before);
    });
  }

  it('cancelled: OLD as it was, no NEW', async () => {
    const engine = unused();
    const abort = new AbortController();
    abort.abort();
    await expect(renameVolume(engine, {from: 'app', to: 'app2', image: IMAGE, signal: abort.signal})).rejects.toThrow(
      /cancelled/,
    );
    expect(names(engine)).toEqual(['app', 'other', 'spare']);
  });
});

void container;
void volume;
