import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  until,
} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';

/** File names and contents built inside a container by a fixed script (no name goes through a shell string). */
const TREE = [
  'mkdir -p /v/docs',
  'printf "hello from the volume\\nsecond line\\n" > /v/docs/readme.txt',
  'printf "\\033]2;PWNED-CONTENT\\007 visible text\\n" > "/v/$(printf "evil\\033]2;PWNED-NAME\\007.txt")"',
].join('; ');

describeEachEngine('browsing files in a terminal', (engine) => {
  const volume = uniqueName('e2e-files');
  let session: TmuxSession | undefined;
  const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const helpers = () => docker(engine, 'ps', '-aq', '--filter', `label=io.volscope.volume=${volume}`);

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    await docker(engine, 'run', '--rm', '--network', 'none', '-v', `${volume}:/v`, TEST_IMAGE, 'sh', '-c', TREE);
  });
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  /** Starts volscope, filters the table down to the fixture volume and opens it. */
  const openVolume = async () => {
    session = await TmuxSession.start(['--host', engine.url], {env});
    await session.filterTo(volume);
    await session.keys('Enter');
    await session.waitFor((s) => s.includes(`${volume}:/`) && s.includes('docs/'), 10_000);
    return session;
  };

  it('opens a volume, enters a directory, previews a file, and quits leaving no helper', async () => {
    const s = await openVolume();
    expect(await helpers()).not.toBe('');
    await s.type('g');
    await s.keys('Enter');
    await s.waitFor(`${volume}:/docs`);
    await s.waitFor('readme.txt');
    await s.keys('Enter');
    const preview = await s.waitFor('hello from the volume');
    expect(preview).toContain('second line');
    expect(preview).toMatch(/text │ 34 bytes/);
    await s.keys('Escape');
    await s.keys('BSpace');
    await s.waitFor((screen) => screen.includes(`${volume}:/ `) || screen.includes(`${volume}:/  `));
    // Leaving the browser removes its helper while volscope goes on running.
    await s.keys('Escape');
    await s.waitFor('CONTAINERS');
    await until(
      async () => ((await helpers()) === '' ? true : undefined),
      5000,
      'the helper to be removed on leaving the browser',
    );
    await s.keys('Enter');
    await s.waitFor('docs/', 10_000);
    expect(await helpers()).not.toBe('');
    await s.type('q');
    await s.waitFor('EXIT:0');
    expect(await helpers()).toBe('');
  });

  it('never lets an escape sequence in a file name or a file content reach the terminal', async () => {
    const s = await openVolume();
    const title = await s.display('#{pane_title}');
    await s.waitFor('evil\\e]2;PWNED-NAME\\x07.txt');
    await s.type('G');
    await s.keys('Enter');
    const screen = await s.waitFor('visible text');
    expect(screen).toContain('\\e]2;PWNED-CONTENT\\x07 visible text');
    expect(await s.display('#{pane_title}')).toBe(title);
  });

  it('exports a file to a local path byte for byte', async () => {
    const s = await openVolume();
    const folder = mkdtempSync(join(tmpdir(), 'volscope-e2e-export-'));
    await s.type('g');
    await s.keys('Enter');
    await s.waitFor('readme.txt');
    await s.type('x');
    await s.waitFor('Export readme.txt to: ./readme.txt');
    await s.keys('C-u');
    await s.type(join(folder, 'copy.txt'));
    await s.keys('Enter');
    await s.waitFor('Exported readme.txt');
    expect(readFileSync(join(folder, 'copy.txt'), 'utf8')).toBe('hello from the volume\nsecond line\n');
    // The export is a job: its result stays until OK, then the browser is back.
    await s.keys('Enter');
    await s.waitFor((screen) => !screen.includes('Exported readme.txt'));
    // Again to the same path: it asks, and Enter (Cancel focused) keeps the file.
    await s.type('x');
    await s.keys('C-u');
    await s.type(join(folder, 'copy.txt'));
    await s.keys('Enter');
    await s.waitFor('already exists. Replace it?');
    await s.keys('Enter');
    await s.waitFor((screen) => !screen.includes('Replace it?'));
  });

  it('removes its helper on SIGTERM and SIGHUP', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const s = await openVolume();
      expect(await helpers()).not.toBe('');
      process.kill(await s.volscopePid(), signal);
      await s.waitFor(`EXIT:${code}`);
      expect(await helpers()).toBe('');
      await s.kill();
    }
  });

  it('removes the helper of a killed run at the next start', async () => {
    const s = await openVolume();
    const orphan = await helpers();
    expect(orphan).not.toBe('');
    process.kill(await s.volscopePid(), 'SIGKILL');
    await s.waitFor('EXIT:137');
    expect(await helpers()).toBe(orphan);
    await s.kill();
    session = await TmuxSession.start(['--host', engine.url], {env});
    await session.filterTo(volume);
    await until(async () => ((await helpers()) === '' ? true : undefined), 5000, 'the orphaned helper to be removed');
  });
});
