import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {
  incompleteOf,
  markersOf,
  runScript,
  runWithEngineKilledAt,
  tempsIn,
  verifiedArchives,
  volumeExists,
} from '../helpers/crash.js';
import {contentOf} from '../helpers/volume-on-host.js';
import {copyOfVolume, makeCrashFixture, removeVolumes} from '../helpers/crash-fixture.js';
import {
  ENGINES,
  TEST_IMAGE,
  TEST_LABEL,
  type TestEngine,
  describeWithEngines,
  docker,
  uniqueName,
} from '../helpers/engines.js';
import {restartEngine} from '../helpers/restartable-engine.js';

const EXPORT = fileURLToPath(new URL('../helpers/browser-export.mjs', import.meta.url));

/**
 * The crash harness with the engine killed instead (docs/testing.md): each operation stops itself
 * at a named point, the engine there gets SIGKILL (its host dropping), volscope goes on against
 * the dead engine to its own end, the engine comes back, and the next command a user would run
 * must leave what the process kills leave: whole or marked, no temp, no helper, honest exits.
 */
describeWithEngines('crash harness: the engine killed mid-operation', [ENGINES[1] as TestEngine], () => {
  const engine = restartEngine;
  const D26 = ENGINES[1] as TestEngine;
  const env = {DOCKER_HOST: engine.url, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const source = uniqueName('crash-ksrc');
  const small = uniqueName('crash-ksmall');
  const made: string[] = [source, small];
  const archive = join(mkdtempSync(join(tmpdir(), 'volscope-crash-engine-')), 'source.tar.gz');
  const older = mkdtempSync(join(tmpdir(), 'volscope-crash-engine-older-'));
  const crossTargets: string[] = [];
  let want = '';
  let contexts: Record<string, string>;

  beforeAll(async () => {
    await engine.start();
    await makeCrashFixture(engine, source);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, small);
    want = await contentOf(engine, source);
    expect((await runCli(['backup', source, '-o', archive], env)).code).toBe(0);
    for (const volume of [source, small])
      expect((await runCli(['backup', volume, '-o', join(older, `${volume}-20200101T000000Z.tar.gz`)], env)).code).toBe(
        0,
      );
    const config = mkdtempSync(join(tmpdir(), 'volscope-crash-engine-contexts-'));
    for (const [name, url] of [
      ['kill', engine.url],
      ['d26', D26.url],
    ] as const)
      execFileSync('docker', ['--config', config, 'context', 'create', name, '--docker', `host=${url}`], {
        stdio: 'ignore',
      });
    contexts = {DOCKER_CONFIG: config, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  }, 180_000);
  afterAll(async () => {
    await engine.start();
    await removeVolumes(engine, made);
    await removeVolumes(D26, crossTargets);
  }, 120_000);

  /** Kill the engine at the point, let volscope end, bring the engine back. */
  async function strand(point: string, args: string[], runEnv: Record<string, string> = env, script?: string) {
    const run = await runWithEngineKilledAt(point, args, runEnv, () => engine.kill(), script);
    expect({point, stopped: run.stopped}).toEqual({point, stopped: true});
    // Honest: a run that lost its engine fails, or it finished what it set out to do (checked below).
    await engine.start();
    return run;
  }

  async function noHelpers(): Promise<void> {
    expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
  }

  it.each(['helper', 'tar#5', 'backup-written'])(
    'backup -o DIR, engine killed at %s',
    async (point) => {
      const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-ebackup-'));
      const run = await strand(point, ['backup', source, '-o', dir]);
      const archives = await verifiedArchives(dir);
      if (run.code === 0) expect(archives).toHaveLength(1);
      const next = await runCli(['backup', source, '-o', dir], env);
      expect(next.code, next.stderr).toBe(0);
      expect(tempsIn(dir)).toEqual([]);
      await verifiedArchives(dir);
      await noHelpers();
    },
    120_000,
  );

  it.each(['helper#1', 'tar#3', 'helper#2'])(
    'backup of two --keep 1, engine killed at %s',
    async (point) => {
      const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-emany-'));
      for (const file of readdirSync(older)) copyFileSync(join(older, file), join(dir, file));
      const command = ['backup', source, small, '-o', dir, '--keep', '1'];
      const run = await strand(point, command);
      expect(run.code, 'a run that lost its engine says so').not.toBe(0);
      const next = await runCli(command, env);
      expect(next.code, next.stderr).toBe(0);
      expect(existsSync(join(dir, '.volscope-backup.lock'))).toBe(false);
      expect(tempsIn(dir)).toEqual([]);
      const archives = await verifiedArchives(dir);
      expect(archives.filter((a) => a.startsWith(`${source}-`))).toHaveLength(1);
      expect(archives.filter((a) => a.startsWith(`${small}-`))).toHaveLength(1);
      await noHelpers();
    },
    120_000,
  );

  it.each(['restore-created', 'tar#2', 'restore-unpacked'])(
    'restore into a new volume, engine killed at %s',
    async (point) => {
      const volume = uniqueName('crash-erest');
      made.push(volume);
      const run = await strand(point, ['restore', archive, volume]);
      if (await volumeExists(engine, volume)) {
        const whole = (await contentOf(engine, volume)) === want;
        if (!whole) expect(await incompleteOf(engine, volume)).toMatchObject({operation: 'restore'});
        if (run.code === 0) expect(whole).toBe(true);
      }
      const next = await runCli(['restore', archive, volume], env);
      expect(next.code, next.stderr).toBe(0);
      expect(await contentOf(engine, volume)).toBe(want);
      expect(await markersOf(engine, volume)).toEqual([]);
      await noHelpers();
    },
    120_000,
  );

  it.each(['marked', 'exec-data#1', 'clone-copied'])(
    'clone inside the engine, engine killed at %s',
    async (point) => {
      const target = uniqueName('crash-eclone');
      made.push(target);
      await strand(point, ['clone', source, target]);
      if ((await volumeExists(engine, target)) && (await contentOf(engine, target)) !== want)
        expect(await incompleteOf(engine, target)).toMatchObject({operation: 'clone'});
      const next = await runCli(['clone', source, target], env);
      expect(next.code, next.stderr).toBe(0);
      expect(await contentOf(engine, target)).toBe(want);
      expect(await markersOf(engine, target)).toEqual([]);
      await noHelpers();
    },
    120_000,
  );

  it.each(['clone-created', 'clone-checked', 'rename-copied'])(
    'rename, engine killed at %s',
    async (point) => {
      const from = uniqueName('crash-ernold');
      const to = uniqueName('crash-ernnew');
      made.push(from, to);
      await copyOfVolume(engine, source, from);
      await strand(point, ['rename', from, to]);
      if ((await volumeExists(engine, from)) && (await volumeExists(engine, to)))
        expect(await incompleteOf(engine, to)).toMatchObject({operation: 'rename'});
      const next = await runCli(['rename', from, to], env);
      expect(next.code, next.stderr).toBe(0);
      expect(await volumeExists(engine, from)).toBe(false);
      expect(await contentOf(engine, to)).toBe(want);
      expect(await markersOf(engine, to)).toEqual([]);
      await noHelpers();
    },
    120_000,
  );

  it.each(['helper#1', 'marked', 'empty-emptied'])(
    'empty, engine killed at %s',
    async (point) => {
      const volume = uniqueName('crash-eempty');
      made.push(volume);
      await copyOfVolume(engine, source, volume);
      await strand(point, ['empty', volume, '--yes']);
      const next = await runCli(['empty', volume, '--yes'], env);
      expect(next.code, next.stderr).toBe(0);
      expect(await markersOf(engine, volume)).toEqual([]);
      await noHelpers();
    },
    120_000,
  );

  it.each(['helper', 'tar#5', 'export-unpacked'])(
    "the browser's export, engine killed at %s",
    async (point) => {
      const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-eexport-'));
      const destination = join(dir, 'copy');
      const args = [engine.url, TEST_IMAGE, source, '/', destination];
      const run = await strand(point, args, {}, EXPORT);
      // Failed: nothing under the final name. Finished (every byte was here before the engine died): there.
      expect(existsSync(destination)).toBe(run.code === 0);
      const next = await runScript(EXPORT, [...args, 'overwrite']);
      expect(next.code, next.stderr).toBe(0);
      expect(tempsIn(dir)).toEqual([]);
      await noHelpers();
    },
    120_000,
  );

  it.each(['clone-created', 'tar#5', 'clone-copied'])(
    'clone to another engine, the source engine killed at %s',
    async (point) => {
      const target = uniqueName('crash-excl');
      crossTargets.push(target);
      const command = ['clone', `kill:${source}`, `d26:${target}`];
      const run = await strand(point, command, contexts);
      // A clone whose source died before the copy was whole fails, and the target it made is
      // removed again or marked; one that had every byte (killed after the copy) finishes.
      if (run.code !== 0) {
        if (await volumeExists(D26, target))
          expect(await incompleteOf(D26, target)).toMatchObject({operation: 'clone'});
        const next = await runCli(command, contexts);
        expect(next.code, next.stderr).toBe(0);
      }
      expect(await contentOf(D26, target)).toBe(want);
      expect(await markersOf(D26, target)).toEqual([]);
      await noHelpers();
    },
    120_000,
  );
});
