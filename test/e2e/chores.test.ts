import {execFile} from 'node:child_process';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import Docker from 'dockerode';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {
  ENGINES,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  startUser,
} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';
import {type ComposeProject, upCompose} from '../helpers/compose.js';

const run = promisify(execFile);
const label = ['--label', `${TEST_LABEL}=1`];

/** What the user did: a real Compose project with a bind mount and an anonymous volume, then the chores from the keyboard. */
describeEachEngine('bind mounts, empty, rename and details in a terminal', (engine) => {
  const prefix = uniqueName('chore');
  let cp: ComposeProject;
  let project = '';
  let dir = '';
  let anonymous = '';
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    cp = await upCompose(engine, {binds: ['./gone:/gone']});
    ({name: project, dir, anonymous} = cp);
  }, 120_000);
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(async () => {
    await cp?.down();
    await cleanEngine(engine);
  }, 120_000);

  const open = async () => {
    session = await TmuxSession.start(['--host', engine.url, '--helper-image', TEST_IMAGE], {columns: 140, rows: 30});
    await session.waitFor(/\d+ volumes? ·/, 15_000);
    return session;
  };

  it("m lists the project's bind sources with their container and project; a source removed from the host shows missing after r and is not created; Enter browses the other read-only", async () => {
    const s = await open();
    await s.type('m');
    await s.waitFor('bind sources');
    await s.type(`/${project}`);
    await s.keys('Enter');
    // Both checked (… until then) before one goes: a late first answer cannot pass for the second's.
    let screen = await s.waitFor(
      (text) =>
        new RegExp(`${join(dir, 'conf')}\\s+press s`).test(text) &&
        new RegExp(`${join(dir, 'gone')}\\s+press s`).test(text) &&
        text.includes('2 of'),
      10_000,
    );
    expect(screen).toMatch(
      new RegExp(
        `bind\\s+${join(dir, 'conf')}\\s+press s\\s+●${project}_app_1:/etc/conf\\(ro\\)\\s+${project.slice(0, 10)}`,
      ),
    );
    rmSync(join(dir, 'gone'), {recursive: true});
    await s.type('r');
    screen = await s.waitFor(new RegExp(`${join(dir, 'gone')}\\s+missing`), 10_000);
    // conf sorts before gone: one down, Enter finds nothing to browse.
    await s.type('j');
    await s.keys('Enter');
    await s.waitFor("no longer exists on the engine's host");
    expect((await run('ls', [dir])).stdout).not.toContain('gone');
    await s.type('k');
    await s.type('s');
    await s.waitFor(new RegExp(`${join(dir, 'conf')}\\s+\\d`), 10_000);
    await s.keys('Enter');
    screen = await s.waitFor('app.ini', 10_000);
    await s.keys('Escape');
    await s.waitFor('bind sources');
    await s.keys('Escape', 'Escape');
    await s.waitFor('DRIVER');
    await s.type('q');
    await s.waitFor('EXIT:0');
    expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
  }, 60_000);

  it('the anonymous volume shows its project (inferred in the details, which end with the docker commands)', async () => {
    const s = await open();
    await s.type(`/${anonymous.slice(0, 16)}`);
    await s.keys('Enter');
    const row = await s.waitFor(
      (text) => text.includes('1 of') && new RegExp(`${anonymous.slice(0, 12)}.*${project.slice(0, 10)}`).test(text),
      10_000,
    );
    expect(row).toContain(`●${project}_app_1`);
    await s.type('i');
    const details = await s.waitFor('The same with docker');
    expect(details).toContain(`${project} (inferred from its containers`);
    expect(details).toMatch(new RegExp(`look inside\\s+docker run --rm -it --network none -v ${anonymous}:/volume:ro`));
  }, 60_000);

  it('E empties a volume a container runs on only once Tab lets volscope stop it; the container runs again after', async () => {
    const volume = `${prefix}-cache`;
    await docker(engine, 'volume', 'create', ...label, volume);
    await docker(
      engine,
      'run',
      '--rm',
      '-v',
      `${volume}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'head -c 200000 /dev/urandom > /v/a; mkdir /v/d; touch /v/d/b',
    );
    const user = `${prefix}-user`;
    await startUser(engine, [`${volume}:/c`], {name: user});
    const s = await open();
    await s.type(`/${volume}`);
    await s.keys('Enter');
    await s.waitFor(`●${user}`, 10_000);
    await s.type('E');
    await s.waitFor(`Empty ${volume}: delete everything inside it`);
    await s.type(volume);
    await s.keys('Enter');
    await s.waitFor(`${user} uses it now: Tab lets volscope stop it`);
    await s.keys('Tab');
    await s.keys('Enter');
    const done = await s.waitFor(`Emptied ${volume}: 3 entries`, 30_000);
    expect(done).toContain('Emptied');
    expect(await docker(engine, 'run', '--rm', '-v', `${volume}:/v`, TEST_IMAGE, 'ls', '-A', '/v')).toBe('');
    expect(await docker(engine, 'inspect', '-f', '{{.State.Running}}', user)).toBe('true');
  }, 60_000);

  it('M renames a volume no container uses; one a container uses is refused with the reason', async () => {
    const volume = `${prefix}-old`;
    await docker(engine, 'volume', 'create', ...label, '--label', 'tier=db', volume);
    await docker(engine, 'run', '--rm', '-v', `${volume}:/v`, TEST_IMAGE, 'sh', '-c', 'echo keep > /v/k');
    const s = await open();
    await s.type(`/${prefix}-old`);
    await s.keys('Enter');
    await s.waitFor('1 of', 10_000);
    await s.type('M');
    await s.waitFor(`Rename ${volume} to:`);
    await s.keys('C-u');
    await s.type(`${prefix}-new`);
    await s.keys('Enter');
    await s.waitFor(`Renamed ${volume} to ${prefix}-new`, 30_000);
    expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${prefix}-`)).not.toContain(`${prefix}-old`);
    expect(await docker(engine, 'run', '--rm', '-v', `${prefix}-new:/v`, TEST_IMAGE, 'cat', '/v/k')).toBe('keep');
    await s.keys('Enter');
    await s.keys('Escape');
    await s.type(`/${project}_data`);
    await s.keys('Enter');
    await s.waitFor('1 of', 10_000);
    await s.type('M');
    await s.waitFor(`${project}_data cannot be renamed while containers use it:`);
  }, 60_000);
});

/** The sort jump the issue found at 1,040 volumes: after S the largest are on screen, wherever the cursor was. */
describeEachEngine(
  'a sort at 1,000 volumes goes to the top of the new order',
  (engine) => {
    const prefix = uniqueName('sort');
    let session: TmuxSession | undefined;
    const api = new Docker({socketPath: engine.url.replace('unix://', '')});

    beforeAll(async () => {
      const names = Array.from({length: 1000}, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
      for (let i = 0; i < names.length; i += 50)
        await Promise.all(names.slice(i, i + 50).map((Name) => api.createVolume({Name, Labels: {[TEST_LABEL]: '1'}})));
      // The ten largest are spread over the name order.
      const big = [3, 97, 211, 350, 499, 512, 640, 777, 888, 996];
      await docker(
        engine,
        'run',
        '--rm',
        ...big.flatMap((i, n) => ['-v', `${names[i]}:/v${n}`]),
        TEST_IMAGE,
        'sh',
        '-c',
        big.map((_, n) => `head -c ${(n + 1) * 100000} /dev/zero > /v${n}/f`).join('; '),
      );
    }, 180_000);
    afterAll(async () => {
      await session?.kill();
      await cleanEngine(engine);
    }, 180_000);

    it('S after G shows the largest first, not the middle of the size order', async () => {
      session = await TmuxSession.start(['--host', engine.url], {columns: 120, rows: 30});
      const s = session;
      await s.type(`/${prefix}`);
      await s.keys('Enter');
      await s.waitFor('1000 of', 20_000);
      await s.waitFor('100 kB', 30_000);
      await s.type('G');
      await s.waitFor(`${prefix}-0999`);
      await s.type('S');
      const screen = await s.waitFor('SIZE▼', 5000);
      const rows = screen.split('\n').filter((line) => line.startsWith(prefix));
      expect(rows[0]).toMatch(new RegExp(`^${prefix}-0996\\s+local\\s+1 MB`));
      expect(rows.slice(0, 10).map((line) => line.split(/\s+/)[0])).toEqual(
        [996, 888, 777, 640, 512, 499, 350, 211, 97, 3].map((i) => `${prefix}-${String(i).padStart(4, '0')}`),
      );
    }, 90_000);
  },
  [ENGINES[1]!],
);
