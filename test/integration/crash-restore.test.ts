import {mkdtempSync, writeFileSync} from 'node:fs';
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
import {contentOf, hostPathOf} from '../helpers/volume-on-host.js';
import {makeCrashFixture, removeVolumes} from '../helpers/crash-fixture.js';
import {TEST_IMAGE, TEST_LABEL, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';

/**
 * The crash harness, restores (docs/testing.md): a restore killed with SIGKILL at each named point
 * never leaves a volume that passes for whole while it is not — it is absent, or holds the
 * archive's tree, or is marked incomplete — and the same command run again finishes it.
 */
describeEachEngine('crash harness: restore', (engine) => {
  const env = {DOCKER_HOST: engine.url, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const source = uniqueName('crash-rsrc');
  const archive = join(mkdtempSync(join(tmpdir(), 'volscope-crash-restore-')), 'source.tar.gz');
  const made: string[] = [source];
  let want = '';

  beforeAll(async () => {
    await makeCrashFixture(engine, source);
    want = await contentOf(engine, source);
    const backup = await runCli(['backup', source, '-o', archive], env);
    expect(backup.code, backup.stderr).toBe(0);
  }, 120_000);
  afterAll(() => removeVolumes(engine, made));

  /**
   * Right after the kill: absent, whole, or marked — never half of it unmarked. Says whether the
   * volume holds files under a mark, which the next restore of the same archive replaces.
   */
  async function expectHonest(volume: string): Promise<boolean> {
    if (!(await volumeExists(engine, volume))) return false;
    const mark = await incompleteOf(engine, volume);
    const held = await contentOf(engine, volume);
    if (held !== want)
      expect(mark, 'a volume that is not the archive must say it is incomplete').toMatchObject({
        operation: 'restore',
        source: archive,
      });
    return mark !== null && held.includes('\n');
  }

  /** The same restore again: exit 0, the archive's tree, no mark, no helper of the killed run. */
  async function expectFinished(command: string[], volume: string, pid: number, replaces = false): Promise<void> {
    const again = await runCli(command, env);
    expect(again.code, again.stderr).toBe(0);
    // Without --replace, a marked volume of the same archive is replaced, and that is said.
    if (replaces) expect(again.stderr).toMatch(/holds an incomplete restore of .*: its files are replaced/);
    expect(await contentOf(engine, volume)).toBe(want);
    expect(await markersOf(engine, volume)).toEqual([]);
    expect(await helpersOf(engine, pid)).toEqual([]);
  }

  describe('volscope restore FILE NEW', () => {
    const points = [
      'marked',
      'restore-created',
      'helper#1',
      'tar#1',
      'tar#2',
      'tar#4',
      'restore-unpacked',
      'exec-data#1',
      // Mid-stream: one chunk of the execs' output read, more still coming. Not #3: in a CI run
      // under load (docker 26.1) the output came in two reads, #3 was never reached and the
      // restore finished unkilled; quiet, it comes in 10-20.
      'exec-data#2',
      'restore-checked',
    ];
    eachKillPoint(
      points,
      'killed at %s: never whole-looking unless whole; the same restore finishes it',
      async (point) => {
        const volume = uniqueName('crash-rnew');
        made.push(volume);
        const command = ['restore', archive, volume];
        const killed = await runKilledAt(point, command, env);
        expectKilled(killed, point);
        const replaces = await expectHonest(volume);
        await expectFinished(command, volume, killed.pid, replaces);
      },
    );
  });

  describe('volscope restore FILE EXISTING --replace --yes', () => {
    const points = [
      'marked',
      'helper#2',
      'exec#2',
      'restore-emptied',
      'tar#2',
      'tar#4',
      'restore-unpacked',
      'restore-checked',
    ];
    eachKillPoint(
      points,
      'killed at %s: the emptied or half-filled volume is marked; the same command finishes it',
      async (point) => {
        const volume = uniqueName('crash-rold');
        made.push(volume);
        await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
        writeFileSync(join(await hostPathOf(engine, volume), 'old.txt'), 'old\n');
        const command = ['restore', archive, volume, '--replace', '--yes'];
        const killed = await runKilledAt(point, command, env);
        expectKilled(killed, point);
        const held = await contentOf(engine, volume);
        // Only the old content untouched may go unmarked (killed before the mark).
        if (held !== want && !held.includes('old.txt')) expect(await incompleteOf(engine, volume)).not.toBeNull();
        await expectFinished(command, volume, killed.pid);
      },
    );
  });
});
