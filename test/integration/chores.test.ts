import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {RemoveError} from '../../src/docker/gateway.js';
import {renameVolume} from '../../src/ops/rename.js';
import {runCli} from '../helpers/cli.js';
import {
  ENGINES,
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  type TestEngine,
  cleanEngine,
  describeEachEngine,
  docker,
  gatewayFor,
  uniqueName,
  until,
  startUser,
} from '../helpers/engines.js';
import {restartEngine} from '../helpers/restartable-engine.js';
import {type ComposeProject, upCompose} from '../helpers/compose.js';
import {Tree} from '../../src/model/tree.js';

const _run = promisify(execFile);
const env = (engine: TestEngine) => ({
  DOCKER_HOST: engine.url,
  VOLSCOPE_HELPER_IMAGE: TEST_IMAGE,
  DOCKER_CONTEXT: undefined,
});
const HASHES = [
  'sh',
  '-c',
  'cd /v && find . -exec stat -c "%n %a %u %s" {} + | sort && find . -type f -exec sha256sum {} + | sort',
];
const contents = (engine: TestEngine, volume: string) =>
  docker(engine, 'run', '--rm', '--network', 'none', '-v', `${volume}:/v:ro`, TEST_IMAGE, ...HASHES);
const exists = async (engine: TestEngine, volume: string) =>
  (await docker(engine, 'volume', 'ls', '-q', '--filter', `name=^${volume}$`)) === volume;
const helpersOn = (engine: TestEngine) => docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper');

async function filled(engine: TestEngine, prefix: string, labels: string[] = []): Promise<string> {
  const name = uniqueName(prefix);
  await docker(
    engine,
    'volume',
    'create',
    '--label',
    `${TEST_LABEL}=1`,
    ...labels.flatMap((l) => ['--label', l]),
    name,
  );
  await docker(
    engine,
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${name}:/v`,
    TEST_IMAGE,
    'sh',
    '-c',
    'mkdir -p /v/a/b && echo one > /v/a/b/f && head -c 300000 /dev/urandom > /v/r.bin && ln -s a/b/f /v/link && chown 1234 /v/a/b/f && touch /v/.hidden',
  );
  return name;
}

describeEachEngine(
  'empty a volume',
  (engine) => {
    afterAll(() => cleanEngine(engine));

    it('keeps the volume and its labels, deletes what is inside (dot files too); refuses while a container runs unless --stop-containers, which starts it again', async () => {
      const volume = await filled(engine, 'empty', ['tier=cache']);
      const user = uniqueName('empty-user');
      await startUser(engine, [`${volume}:/data`], {name: user});
      const refused = await runCli(['empty', volume, '--yes'], env(engine));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Not emptying ${volume}: ${user} uses it now`);
      expect(await contents(engine, volume)).toContain('./r.bin');
      const unasked = await runCli(['empty', volume, '--stop-containers'], env(engine));
      expect([unasked.code, unasked.stderr]).toEqual([
        2,
        expect.stringContaining('Nothing was deleted: stdin is not a terminal'),
      ]);
      const done = await runCli(['empty', volume, '--yes', '--stop-containers'], env(engine));
      expect(done.stderr).toContain('6 entries');
      expect([done.code, done.stdout]).toEqual([
        0,
        expect.stringMatching(
          new RegExp(`^Emptied ${volume}: 6 entries .* ${user} stopped for it and started again\\.\\n$`),
        ),
      ]);
      expect(await contents(engine, volume)).toBe(
        '. 755 0 0'.replace(' 0 0', ` 0 ${(await contents(engine, volume)).split(' ')[3]}`),
      );
      expect(await docker(engine, 'inspect', '-f', '{{.State.Running}}', user)).toBe('true');
      expect(await docker(engine, 'volume', 'inspect', '-f', '{{index .Labels "tier"}}', volume)).toBe('cache');
      expect(await helpersOn(engine)).toBe('');
    }, 60_000);
  },
  [...ENGINES, PODMAN],
);

describeEachEngine(
  'rename a volume',
  (engine) => {
    afterAll(() => cleanEngine(engine));

    it('copies inside the engine with labels and driver options, compares, removes OLD; refuses a volume a stopped container uses', async () => {
      const volume = await filled(engine, 'rename', ['tier=db']);
      const before = await contents(engine, volume);
      const target = `${volume}-new`;
      const renamed = await runCli(['rename', volume, target], env(engine));
      expect([renamed.code, renamed.stderr]).toEqual([0, '']);
      expect(renamed.stdout).toMatch(
        new RegExp(`^Renamed ${volume} to ${target}: 6 entries .* 2 labels carried; ${volume} removed\\.`),
      );
      expect(await exists(engine, volume)).toBe(false);
      expect(await contents(engine, target)).toBe(before);
      expect(await docker(engine, 'volume', 'inspect', '-f', '{{index .Labels "tier"}}', target)).toBe('db');

      const holder = uniqueName('holder');
      await docker(
        engine,
        'create',
        '--name',
        holder,
        '--label',
        `${TEST_LABEL}=1`,
        '-v',
        `${target}:/d`,
        TEST_IMAGE,
        'true',
      );
      const refused = await runCli(['rename', target, `${target}-2`], env(engine));
      expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining(`${holder} (created) uses it`)]);
      expect(await exists(engine, `${target}-2`)).toBe(false);
      expect(await helpersOn(engine)).toBe('');
    }, 60_000);

    // A failure at each step on the real engine: OLD as it was, no NEW, no helper.
    for (const step of ['createVolume', 'copyVolume', 'compare', 'removeOld'] as const) {
      it(`a failure at ${step} leaves OLD as it was and no NEW`, async () => {
        const volume = await filled(engine, `ren-${step}`);
        const before = await contents(engine, volume);
        const target = `${volume}-new`;
        const real = gatewayFor(engine);
        const faulty = Object.create(real) as typeof real;
        if (step === 'createVolume')
          faulty.createVolume = async () => Promise.reject(new Error('injected: create refused'));
        if (step === 'copyVolume') {
          faulty.copyVolume = async (...args) => {
            await real.copyVolume(...args);
            throw new Error('injected: the copy broke off');
          };
        }
        if (step === 'compare') {
          faulty.copyVolume = async (...args) => {
            const trees = await real.copyVolume(...args);
            // The target as listed, one file short.
            const short = new Tree();
            for (const [path, entry] of trees.target.kept!) if (path !== 'r.bin') short.add(path, entry);
            return {...trees, target: short};
          };
        }
        if (step === 'removeOld')
          faulty.removeVolume = async (name) =>
            name === volume ? Promise.reject(new RemoveError('inUse', 'injected: in use')) : real.removeVolume(name);
        await expect(renameVolume(faulty, {from: volume, to: target, image: TEST_IMAGE})).rejects.toThrow(
          step === 'compare' ? /differs/ : /injected/,
        );
        expect(await exists(engine, volume)).toBe(true);
        expect(await contents(engine, volume)).toBe(before);
        expect(await exists(engine, target)).toBe(false);
        expect(await helpersOn(engine)).toBe('');
      }, 60_000);
    }
  },
  [...ENGINES, PODMAN],
);

/** A real Compose project: a named volume, an anonymous one, a `./conf:/etc/conf:ro` bind and a tmpfs. */
describeEachEngine(
  'a Compose project: its bind mounts, tmpfs and anonymous volume',
  (engine) => {
    let cp: ComposeProject;
    let project = '';
    let dir = '';
    let anonymous = '';

    beforeAll(async () => {
      cp = await upCompose(engine, {tmpfs: ['/run/scratch:size=8m'], confBytes: 12_000});
      ({name: project, dir, anonymous} = cp);
    }, 120_000);

    afterAll(async () => {
      await cp?.down();
      await cleanEngine(engine);
    }, 120_000);

    it('mounts --json: the bind source with its container, ro, project and measured size; the tmpfs with its limit', async () => {
      const result = await runCli(['mounts', '--json'], env(engine));
      expect(result.code).toBe(0);
      const mounts = JSON.parse(result.stdout) as Array<{
        type: string;
        source: string | null;
        size: number | null;
        missing: boolean;
        tmpfs: {sizeBytes: number | null} | null;
        containers: Array<{
          name: string;
          destination: string;
          readOnly: boolean;
          composeProject: string | null;
          state: string;
        }>;
      }>;
      const bind = mounts.find((m) => m.source === join(dir, 'conf'))!;
      expect(bind).toMatchObject({
        type: 'bind',
        missing: false,
        tmpfs: null,
        containers: [
          {
            name: `${project}_app_1`,
            destination: '/etc/conf',
            readOnly: true,
            composeProject: project,
            state: 'running',
          },
        ],
      });
      expect(bind.size).toBeGreaterThanOrEqual(12_000);
      const tmpfs = mounts.find((m) => m.type === 'tmpfs' && m.containers[0]?.name === `${project}_app_1`)!;
      expect(tmpfs).toMatchObject({
        source: null,
        size: null,
        tmpfs: {sizeBytes: 8 * 1024 * 1024},
        containers: [{destination: '/run/scratch', composeProject: project}],
      });
      expect(await helpersOn(engine)).toBe('');
    }, 60_000);

    it('ls --json: the anonymous volume gets the project of its container, marked inferred; the named one its label', async () => {
      const rows = JSON.parse((await runCli(['ls', '--json', '--no-size'], env(engine))).stdout) as Array<{
        name: string;
        composeProject: string | null;
        composeProjectInferred: boolean;
      }>;
      expect(rows.find((r) => r.name === anonymous)).toMatchObject({
        composeProject: project,
        composeProjectInferred: true,
      });
      expect(rows.find((r) => r.name === `${project}_data`)).toMatchObject({
        composeProject: project,
        composeProjectInferred: false,
      });
    });

    it('backup --project: one checked archive per volume of the project, the anonymous one included', async () => {
      const out = mkdtempSync(join(tmpdir(), 'volscope-project-backup-'));
      const result = await runCli(['backup', '--project', project, '-o', out], env(engine));
      expect([result.code, result.stdout]).toEqual([
        0,
        expect.stringMatching(new RegExp(`^Backed up 2 of 2 volumes to ${out} .*checked`)),
      ]);
      const files = readdirSync(out).sort();
      expect(files.filter((f) => f.endsWith('.tar.gz'))).toEqual([
        expect.stringMatching(new RegExp(`^${anonymous}-\\d{8}T\\d{6}Z\\.tar\\.gz$`)),
        expect.stringMatching(new RegExp(`^${project}_data-\\d{8}T\\d{6}Z\\.tar\\.gz$`)),
      ]);
      rmSync(out, {recursive: true, force: true});
    }, 60_000);

    it('a bind source removed from the host while listed is shown missing, and is not created again', async () => {
      const gone = join(dir, 'gone-later');
      mkdirSync(gone);
      const holder = uniqueName('gone');
      await startUser(engine, [`${gone}:/g`], {name: holder});
      rmSync(gone, {recursive: true});
      const result = await runCli(['mounts', '--json', '--no-size'], env(engine));
      const row = (JSON.parse(result.stdout) as Array<{source: string | null; missing: boolean}>).find(
        (m) => m.source === gone,
      );
      expect(row?.missing).toBe(true);
      expect(existsSync(gone)).toBe(false);
      const table = await runCli(['mounts'], env(engine));
      expect(table.stdout).toMatch(new RegExp(`bind\\s+${gone}\\s+missing\\s+${holder} \\(running\\) /g`));
      expect(existsSync(gone)).toBe(false);
    }, 60_000);
  },
  [...ENGINES, PODMAN],
);

/**
 * `backup --all -o DIR --keep 1` for cron, on the engine the tests start themselves (it holds only
 * what tests make there, so --all stays small), and --label with an overlapping second run on the others.
 */
describe(`back up many volumes into a folder [${restartEngine.name}]`, () => {
  const engine = restartEngine;
  const dir = mkdtempSync(join(tmpdir(), 'volscope-many-'));
  afterAll(async () => {
    rmSync(dir, {recursive: true, force: true});
    await cleanEngine(engine);
  });

  beforeAll(() => restartEngine.start(), 90_000);

  it("--all twice with --keep 1: one archive per volume, the older one gone with its .sha256, a foreign file and another tool's look-alike untouched", async () => {
    const volumes = [await filled(engine, 'all-a'), await filled(engine, 'all-b')];
    const everything = (await docker(engine, 'volume', 'ls', '-q')).split('\n').filter(Boolean);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    // Named like one of ours, but not a volscope archive of that volume.
    const lookAlike = `${volumes[0]}-20200101T000000Z.tar.gz`;
    writeFileSync(join(dir, lookAlike), 'not a backup\n');
    const first = await runCli(['backup', '--all', '-o', dir, '--keep', '1'], env(engine));
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toMatch(
      new RegExp(
        `^Backed up ${everything.length} of ${everything.length} volumes? to ${dir} .*checked\\), 0 older archives removed \\(--keep 1\\) in [\\d.]+ s\\.\\n$`,
      ),
    );
    const firstFiles = readdirSync(dir).filter((f) => f.startsWith(volumes[0]!) && f !== lookAlike);
    // Names carry the second they were made in: the next run must make new ones.
    const second0 = Math.floor(Date.now() / 1000);
    await until(() => Math.floor(Date.now() / 1000) > second0 || undefined, 2000, 'a new second');
    const second = await runCli(['backup', '--all', '-o', dir, '--keep', '1', '--quiet'], env(engine));
    expect([second.code, second.stdout, second.stderr]).toEqual([0, '', '']);
    const files = readdirSync(dir);
    for (const volume of volumes)
      expect(files.filter((f) => f.startsWith(`${volume}-`) && f.endsWith('.tar.gz') && f !== lookAlike)).toHaveLength(
        1,
      );
    for (const old of firstFiles) expect(files).not.toContain(old);
    expect(files).toContain('notes.txt');
    expect(files).toContain(lookAlike);
    expect(files).not.toContain('.volscope-backup.lock');
    const kept = files.find((f) => f.startsWith(`${volumes[0]}-`) && f.endsWith('.tar.gz') && f !== lookAlike)!;
    expect((await runCli(['verify', join(dir, kept)])).code).toBe(0);
  }, 120_000);
});

describeEachEngine('back up many volumes: selection, failures and overlapping runs', (engine) => {
  afterAll(() => cleanEngine(engine));

  it('--label picks the volumes; a name that is not there fails on stderr while the others are done (exit 1); a second run while one holds the folder says so (exit 1)', async () => {
    const group = uniqueName('grp');
    const [a, b] = [await filled(engine, 'lbl-a', [`grp=${group}`]), await filled(engine, 'lbl-b', [`grp=${group}`])];
    const dir = mkdtempSync(join(tmpdir(), 'volscope-label-'));
    const byLabel = await runCli(['backup', '--label', `grp=${group}`, '-o', dir], env(engine));
    expect([byLabel.code, byLabel.stdout]).toEqual([0, expect.stringMatching(/^Backed up 2 of 2 volumes/)]);
    const missing = await runCli(['backup', a, 'no-such-volume-here', '-o', join(dir, 'two')], env(engine));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'volscope: backup of no-such-volume-here failed: no volume named no-such-volume-here',
    );
    expect(missing.stdout).toMatch(/^Backed up 1 of 2 volumes .*; 1 failed \(above\)\.\n$/);
    // Overlap: the first run holds the lock while it writes a volume big enough to take a while.
    await docker(
      engine,
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${b}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'head -c 60000000 /dev/urandom > /v/big.bin',
    );
    const overlap = join(dir, 'overlap');
    const slow = runCli(['backup', b, a, '-o', overlap], env(engine));
    await until(
      () => existsSync(join(overlap, '.volscope-backup.lock')) || undefined,
      20_000,
      'the first run to take the lock',
    );
    const second = await runCli(['backup', a, b, '-o', overlap], env(engine));
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /Another volscope backup is writing to .*overlap \(pid \d+ on .*\): this run does nothing\./,
    );
    const first = await slow;
    expect(first.code).toBe(0);
    expect(readdirSync(overlap).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(2);
    rmSync(dir, {recursive: true, force: true});
  }, 120_000);
});
