import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';
import {restartEngine} from '../helpers/restartable-engine.js';
import {TmuxSession} from '../helpers/tmux.js';

/** The prune command's questions and --read-only on both engines; what they touch carries the test label. */
describeEachEngine('clean-up in a terminal', (engine) => {
  const named = uniqueName('keep-named');
  const anonymous: string[] = [];
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, named);
    for (let i = 0; i < 2; i++) {
      // Made as the engine makes anonymous volumes (random name, and the label engines >= 23 add).
      const id = await docker(
        engine,
        'create',
        '--mount',
        `type=volume,dst=/data,volume-label=${TEST_LABEL}=1,volume-label=com.docker.volume.anonymous=`,
        TEST_IMAGE,
        'true',
      );
      anonymous.push(await docker(engine, 'inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', id));
      await docker(engine, 'rm', id);
    }
  });
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  it('volscope prune asks on a terminal: n keeps everything, y removes exactly the list', async () => {
    const extra = uniqueName('prune-cli');
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=prune-cli`, extra);
    const args = ['prune', '--all', '--host', engine.url, '--label', `${TEST_LABEL}=prune-cli`];
    session = await TmuxSession.start(args, {columns: 140, rows: 30});
    await session.waitFor('Type prune to remove these 1:');
    await session.type('no');
    await session.keys('Enter');
    await session.waitFor('EXIT:1');
    expect((await docker(engine, 'volume', 'ls', '-q')).split('\n')).toContain(extra);
    await session.kill();
    session = await TmuxSession.start(args, {columns: 140, rows: 30});
    await session.waitFor('Type prune to remove these 1:');
    await session.type('prune');
    await session.keys('Enter');
    const screen = await session.waitFor('EXIT:0');
    expect(screen).toContain(`removed ${extra}`);
    expect((await docker(engine, 'volume', 'ls', '-q')).split('\n')).not.toContain(extra);
  });

  it('offers no clean-up at all under --read-only', async () => {
    session = await TmuxSession.start(['--host', engine.url, '--read-only'], {columns: 140, rows: 30});
    const s = session;
    await s.filterTo(named);
    // Keys are handled in order: when the table's help is up, p, d and Space were handled (a dialog
    // they had opened would have taken the help's context); closing it shows what they left.
    await s.type('pd ?');
    await s.waitFor('Keys in the volume table');
    await s.type('?');
    const screen = await s.waitFor((text) => !text.includes('Keys in the volume table'));
    expect(screen).not.toMatch(/would be removed|Remove volume|marked|p prune/);
    expect((await docker(engine, 'volume', 'ls', '-q')).split('\n')).toContain(named);
  });
});

/**
 * Prune from the keyboard takes, like `docker volume prune`, every unused anonymous volume of the
 * engine — not only the fixture's. So it runs on the engine the tests start for themselves, never
 * on one that may hold someone else's volumes.
 */
describe(`prune from the keyboard [${restartEngine.name}: the tests' own engine]`, () => {
  const engine = restartEngine;
  const named = uniqueName('keep-named');
  const anonymous: string[] = [];
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    await restartEngine.start();
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, named);
    for (let i = 0; i < 2; i++) {
      const id = await docker(
        engine,
        'create',
        '--mount',
        `type=volume,dst=/data,volume-label=${TEST_LABEL}=1,volume-label=com.docker.volume.anonymous=`,
        TEST_IMAGE,
        'true',
      );
      anonymous.push(await docker(engine, 'inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', id));
      await docker(engine, 'rm', id);
    }
  }, 90_000);
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  it('prunes: the preview lists exactly the unused anonymous volumes, confirming removes them, the summary shows', async () => {
    session = await TmuxSession.start(['--host', restartEngine.url], {columns: 140, rows: 30});
    const s = session;
    // The tests' own engine holds a handful of volumes: ours are on the first screen.
    await s.waitFor(named);
    await s.type('p');
    const preview = await s.waitFor('would be removed');
    for (const name of anonymous) expect(preview).toContain(name);
    expect(preview).not.toContain(named);
    expect(preview).toContain('Same as: docker volume prune ');
    await s.keys('Right', 'Enter');
    const summary = await s.waitFor(/Removed (\d+) of \1 volumes?, reclaimed/, 15_000);
    expect(summary).not.toContain('skipped');
    await s.keys('Enter');
    await s.waitFor((screen) => !screen.includes('Removed'));
    const left = (await docker(restartEngine, 'volume', 'ls', '-q')).split('\n');
    for (const name of anonymous) expect(left).not.toContain(name);
    expect(left).toContain(named);
  });
});
