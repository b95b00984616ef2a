import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {
  eachKillPoint,
  expectKilled,
  helpersOf,
  incompleteOf,
  markersOf,
  runKilledAt,
  volumeExists,
} from '../helpers/crash.js';
import {contentOf} from '../helpers/volume-on-host.js';
import {copyOfVolume, makeCrashFixture, removeVolumes} from '../helpers/crash-fixture.js';
import {
  ENGINES,
  TEST_IMAGE,
  TEST_LABEL,
  type TestEngine,
  describeEachEngine,
  describeWithEngines,
  docker,
  uniqueName,
} from '../helpers/engines.js';

/**
 * The crash harness, clone and rename (docs/testing.md): killed with SIGKILL at each named point,
 * a target is absent, equal to the source, or marked incomplete; the same command run again
 * finishes the job; nothing of the killed run is left on either engine.
 */
describeEachEngine('crash harness: clone and rename inside one engine', (engine) => {
  const env = {DOCKER_HOST: engine.url, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const source = uniqueName('crash-csrc');
  const made: string[] = [source];
  let want = '';

  beforeAll(async () => {
    await makeCrashFixture(engine, source);
    want = await contentOf(engine, source);
  }, 120_000);
  afterAll(() => removeVolumes(engine, made));

  /** Absent, as it was before (`before`), equal to the source, or marked. */
  async function expectHonest(volume: string, operation: string, before?: string): Promise<void> {
    if (!(await volumeExists(engine, volume))) return;
    const mark = await incompleteOf(engine, volume);
    const held = await contentOf(engine, volume);
    if (held !== want && held !== before)
      expect(mark, `${volume} is not the source: it must say so`).toMatchObject({operation});
  }

  async function expectDone(volume: string, pid: number): Promise<void> {
    expect(await contentOf(engine, volume)).toBe(want);
    expect(await markersOf(engine, volume)).toEqual([]);
    expect(await helpersOf(engine, pid)).toEqual([]);
  }

  describe('volscope clone SRC NEW', () => {
    const points = [
      'marked',
      'clone-created',
      'helper',
      'exec',
      'exec-data#1',
      'exec-data#3',
      'clone-copied',
      'clone-checked',
    ];
    eachKillPoint(points, 'killed at %s: the same clone again finishes it', async (point) => {
      const target = uniqueName('crash-cnew');
      made.push(target);
      const killed = await runKilledAt(point, ['clone', source, target], env);
      expectKilled(killed, point);
      await expectHonest(target, 'clone');
      const again = await runCli(['clone', source, target], env);
      expect(again.code, again.stderr).toBe(0);
      await expectDone(target, killed.pid);
    });
  });

  describe('volscope clone SRC EXISTING-EMPTY', () => {
    const points = ['helper#1', 'exec#1', 'marked', 'helper#2', 'exec-data#2', 'clone-checked'];
    eachKillPoint(points, 'killed at %s: the same clone again finishes it', async (point) => {
      const target = uniqueName('crash-cold');
      made.push(target);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, target);
      const empty = await contentOf(engine, target);
      const killed = await runKilledAt(point, ['clone', source, target], env);
      expectKilled(killed, point);
      await expectHonest(target, 'clone', empty);
      const again = await runCli(['clone', source, target], env);
      expect(again.code, again.stderr).toBe(0);
      await expectDone(target, killed.pid);
    });
  });

  describe('volscope rename OLD NEW', () => {
    const points = [
      'marked',
      'clone-created',
      'helper',
      'exec',
      'exec-data#1',
      'exec-data#3',
      'clone-copied',
      'clone-checked',
      'rename-copied',
      'rename-removed',
    ];
    eachKillPoint(
      points,
      'killed at %s: OLD stays whole or NEW is; the same rename again finishes it',
      async (point) => {
        const from = uniqueName('crash-rnold');
        const to = uniqueName('crash-rnnew');
        made.push(from, to);
        await copyOfVolume(engine, source, from);
        const killed = await runKilledAt(point, ['rename', from, to], env);
        expectKilled(killed, point);
        const fromThere = await volumeExists(engine, from);
        if (fromThere) expect(await contentOf(engine, from)).toBe(want);
        // NEW, while OLD is there, is never the volume yet: it says so.
        if (fromThere && (await volumeExists(engine, to)))
          expect(await incompleteOf(engine, to)).toMatchObject({operation: 'rename', source: from});
        if (!fromThere) expect(await contentOf(engine, to)).toBe(want);
        const again = await runCli(['rename', from, to], env);
        expect(again.code, again.stderr).toBe(0);
        expect(await volumeExists(engine, from)).toBe(false);
        await expectDone(to, killed.pid);
      },
    );
  });
});

describeWithEngines('crash harness: clone across engines', ENGINES, () => {
  const [D20, D26] = ENGINES as [TestEngine, TestEngine];
  const source = uniqueName('crash-xsrc');
  const targets: string[] = [];
  let env: Record<string, string>;
  let want = '';

  beforeAll(async () => {
    const config = mkdtempSync(join(tmpdir(), 'volscope-crash-contexts-'));
    for (const [name, engine] of [
      ['d20', D20],
      ['d26', D26],
    ] as const)
      execFileSync('docker', ['--config', config, 'context', 'create', name, '--docker', `host=${engine.url}`], {
        stdio: 'ignore',
      });
    env = {DOCKER_CONFIG: config, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
    await makeCrashFixture(D20, source);
    want = await contentOf(D20, source);
  }, 120_000);
  afterAll(async () => {
    await removeVolumes(D20, [source]);
    await removeVolumes(D26, targets);
  });

  const points = [
    'marked',
    'clone-created',
    'helper#1',
    'helper#2',
    'tar#1',
    'tar#5',
    'tar#20',
    'clone-copied',
    'helper#3',
    'exec-data#1',
    'clone-checked',
  ];
  eachKillPoint(
    points,
    'killed at %s: the target is absent, whole or marked; the same clone finishes it',
    async (point) => {
      const target = uniqueName('crash-xnew');
      targets.push(target);
      const command = ['clone', `d20:${source}`, `d26:${target}`];
      const killed = await runKilledAt(point, command, env);
      expectKilled(killed, point);
      if ((await volumeExists(D26, target)) && (await contentOf(D26, target)) !== want)
        expect(await incompleteOf(D26, target)).toMatchObject({operation: 'clone', source: `${source} on d20`});
      const again = await runCli(command, env);
      expect(again.code, again.stderr).toBe(0);
      expect(await contentOf(D26, target)).toBe(want);
      expect(await markersOf(D26, target)).toEqual([]);
      expect([...(await helpersOf(D20, killed.pid)), ...(await helpersOf(D26, killed.pid))]).toEqual([]);
    },
  );
});
