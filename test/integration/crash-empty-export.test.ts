import {createHash} from 'node:crypto';
import {existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {
  eachKillPoint,
  expectKilled,
  helpersOf,
  incompleteOf,
  markersOf,
  runKilledAt,
  runScript,
  tempsIn,
} from '../helpers/crash.js';
import {contentOf} from '../helpers/volume-on-host.js';
import {copyOfVolume, makeCrashFixture, removeVolumes} from '../helpers/crash-fixture.js';
import {TEST_IMAGE, TEST_LABEL, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';

const EXPORT = fileURLToPath(new URL('../helpers/browser-export.mjs', import.meta.url));

/** A tree here as one comparable text: paths, types and each file's SHA-256. */
function localTree(root: string, at = ''): string[] {
  const here = join(root, at);
  const info = lstatSync(here);
  if (info.isSymbolicLink()) return [`${at} -> ${readlinkSync(here)}`];
  if (info.isFile()) return [`${at} ${createHash('sha256').update(readFileSync(here)).digest('hex')}`];
  return [
    `${at}/`,
    ...readdirSync(here)
      .sort()
      .flatMap((name) => localTree(root, join(at, name))),
  ];
}

/**
 * The crash harness, empty and the browser's export (docs/testing.md): a volume killed while
 * being emptied says so until the next empty finishes; an export killed anywhere leaves nothing
 * under its final name but the whole tree, and its temporary folder goes with the next export.
 */
describeEachEngine('crash harness: empty and the browser export', (engine) => {
  const env = {DOCKER_HOST: engine.url, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const source = uniqueName('crash-esrc');
  const made: string[] = [source];
  let full = '';
  let empty = '';
  let exported: string[] = [];

  beforeAll(async () => {
    await makeCrashFixture(engine, source);
    full = await contentOf(engine, source);
    const blank = uniqueName('crash-blank');
    made.push(blank);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, blank);
    empty = await contentOf(engine, blank);
    // The tree an export must give: one export nobody kills.
    const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-export-'));
    const whole = await runScript(EXPORT, [engine.url, TEST_IMAGE, source, '/', join(dir, 'whole')]);
    expect(whole.code, whole.stderr).toBe(0);
    exported = localTree(join(dir, 'whole'));
  }, 120_000);
  afterAll(() => removeVolumes(engine, made));

  describe('volscope empty VOLUME --yes', () => {
    const points = [
      'helper#1',
      'exec-data#2',
      'marked',
      'helper#2',
      'exec#2',
      'empty-emptied',
      'helper#3',
      'exec#3',
      'empty-checked',
      'exec-data#1',
    ];
    eachKillPoint(
      points,
      'killed at %s: a half-emptied volume says so; the same command finishes it',
      async (point) => {
        const volume = uniqueName('crash-empty');
        made.push(volume);
        await copyOfVolume(engine, source, volume);
        const killed = await runKilledAt(point, ['empty', volume, '--yes'], env);
        expectKilled(killed, point);
        const held = await contentOf(engine, volume);
        if (held !== full && held !== empty)
          expect(await incompleteOf(engine, volume)).toMatchObject({operation: 'empty'});
        const again = await runCli(['empty', volume, '--yes'], env);
        expect(again.code, again.stderr).toBe(0);
        expect(await contentOf(engine, volume)).toBe(empty);
        expect(await markersOf(engine, volume)).toEqual([]);
        expect(await helpersOf(engine, killed.pid)).toEqual([]);
      },
    );
  });

  describe("the file browser's export of a folder", () => {
    const points = [
      'helper',
      'tar#1',
      'tar#5',
      'tar#20',
      'tar#40',
      'export-unpacked',
      'export-synced',
      'export-placed',
    ];
    eachKillPoint(
      points,
      'killed at %s: the final name holds the whole tree or nothing; the next export cleans up',
      async (point) => {
        const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-export-'));
        const destination = join(dir, 'copy');
        const args = [engine.url, TEST_IMAGE, source, '/', destination];
        const killed = await runKilledAt(point, args, {}, EXPORT);
        expectKilled(killed, point);
        if (existsSync(destination)) expect(localTree(destination)).toEqual(exported);
        // The user exports again, replacing what is there (the browser asks first).
        const again = await runScript(EXPORT, [...args, 'overwrite']);
        expect(again.code, again.stderr).toBe(0);
        expect(localTree(destination)).toEqual(exported);
        expect(tempsIn(dir)).toEqual([]);
        expect(await helpersOf(engine, killed.pid)).toEqual([]);
      },
    );

    eachKillPoint(
      ['export-synced', 'export-aside'],
      'killed at %s while replacing a folder: the old tree or the new one, whole, never a mix',
      async (point) => {
        const dir = mkdtempSync(join(tmpdir(), 'volscope-crash-export-'));
        const destination = join(dir, 'copy');
        const args = [engine.url, TEST_IMAGE, source, '/', destination];
        const first = await runScript(EXPORT, args);
        expect(first.code, first.stderr).toBe(0);
        const killed = await runKilledAt(point, [...args, 'overwrite'], {}, EXPORT);
        expectKilled(killed, point);
        // Between the two renames the old tree waits beside it under a name that says what it is.
        const names = readdirSync(dir).filter((n) => !n.startsWith('.'));
        for (const name of names) expect(localTree(join(dir, name))).toEqual(exported);
        const again = await runScript(EXPORT, [...args, 'overwrite']);
        expect(again.code, again.stderr).toBe(0);
        expect(localTree(destination)).toEqual(exported);
        expect(tempsIn(dir).filter((n) => n.startsWith('.'))).toEqual([]);
      },
    );
  });
});
