import {copyFileSync, existsSync, mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {eachKillPoint, expectKilled, helpersOf, runKilledAt, tempsIn, verifiedArchives} from '../helpers/crash.js';
import {makeCrashFixture, removeVolumes} from '../helpers/crash-fixture.js';
import {TEST_IMAGE, TEST_LABEL, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';

/**
 * The crash harness, backups (docs/testing.md): each command is killed with SIGKILL at a named
 * point, then the next command a user would run is run, and what is left must hold: no archive
 * under a final name that fails verify, no temporary file, no helper, no wedged lock, honest
 * exit codes.
 */
describeEachEngine('crash harness: backups', (engine) => {
  const env = {DOCKER_HOST: engine.url, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const big = uniqueName('crash-big');
  const small = uniqueName('crash-small');
  const older = mkdtempSync(join(tmpdir(), 'volscope-crash-older-'));

  beforeAll(async () => {
    await makeCrashFixture(engine, big);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, small);
    await docker(engine, 'run', '--rm', '-v', `${small}:/v`, TEST_IMAGE, 'sh', '-c', 'echo small > /v/one');
    // An older own archive of each, for --keep to prune: real backups under an earlier stamp.
    for (const volume of [big, small]) {
      const made = await runCli(['backup', volume, '-o', join(older, `${volume}-20200101T000000Z.tar.gz`)], env);
      expect(made.code, made.stderr).toBe(0);
    }
  }, 120_000);
  afterAll(() => removeVolumes(engine, [big, small]));

  /** After the next command: nothing of the killed run is left, and every final name verifies. */
  async function expectClean(dir: string, pid: number): Promise<string[]> {
    expect(tempsIn(dir)).toEqual([]);
    expect(await helpersOf(engine, pid)).toEqual([]);
    return verifiedArchives(dir);
  }

  describe('volscope backup VOLUME -o DIR', () => {
    const points = [
      'helper',
      'tar#1',
      'tar#5',
      'tar#10',
      'tar#20',
      'tar#40',
      'backup-written',
      'backup-checked',
      'backup-sidecar',
      'backup-linked',
    ];
    eachKillPoint(points, 'killed at %s: the next backup into the folder leaves it clean', async (point) => {
      const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-backup-'));
      const killed = await runKilledAt(point, ['backup', big, '-o', dir], env);
      expectKilled(killed, point);
      // Right after the kill: whatever is under a final name is whole.
      await verifiedArchives(dir);
      const next = await runCli(['backup', big, '-o', dir], env);
      expect([next.code, next.stderr]).toEqual([0, expect.stringMatching(/^volscope: wrote /)]);
      const archives = await expectClean(dir, killed.pid);
      // The killed run's archive stays only if it took its name (whole, checked); the next one is there.
      expect(archives).toHaveLength(point === 'backup-linked' ? 2 : 1);
    });
  });

  describe('volscope backup A B -o DIR --keep 1', () => {
    const points = [
      'helper#1',
      'tar#3',
      'backup-checked#1',
      'many-written#1',
      'prune#1',
      'helper#2',
      'backup-written#2',
      'backup-linked#2',
      'many-written#2',
      'prune#2',
    ];
    eachKillPoint(points, 'killed at %s: the same command again takes the lock, keeps one of each', async (point) => {
      const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-many-'));
      for (const file of readdirSync(older)) copyFileSync(join(older, file), join(dir, file));
      const command = ['backup', big, small, '-o', dir, '--keep', '1'];
      const killed = await runKilledAt(point, command, env);
      expectKilled(killed, point);
      await verifiedArchives(dir);
      const next = await runCli(command, env);
      expect([next.code, next.stderr]).toEqual([0, expect.not.stringMatching(/failed|Another volscope/)]);
      expect(existsSync(join(dir, '.volscope-backup.lock'))).toBe(false);
      const archives = await expectClean(dir, killed.pid);
      // --keep 1 holds for each volume: one archive, and every .sha256 has its archive.
      expect(archives.filter((a) => a.startsWith(`${big}-`))).toHaveLength(1);
      expect(archives.filter((a) => a.startsWith(`${small}-`))).toHaveLength(1);
      for (const sidecar of readdirSync(dir).filter((f) => f.endsWith('.sha256')))
        expect(archives).toContain(sidecar.slice(0, -'.sha256'.length));
    });
  });
});
