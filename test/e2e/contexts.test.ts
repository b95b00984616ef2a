import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {ENGINES, TEST_IMAGE, TEST_LABEL, cleanEngine, docker, uniqueName, until} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';

/** e in the TUI moves the session between the two test engines through docker contexts made with the docker CLI. */
describe(`switching engines from the keyboard [${ENGINES.map((e) => e.name).join(' → ')}]`, () => {
  const [first, second] = ENGINES as [(typeof ENGINES)[number], (typeof ENGINES)[number]];
  const onFirst = uniqueName('ctx-first');
  const onSecond = uniqueName('ctx-second');
  const config = mkdtempSync(join(tmpdir(), 'volscope-e2e-contexts-'));
  const env = {DOCKER_CONFIG: config, DOCKER_HOST: '', DOCKER_CONTEXT: '', VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    const context = (name: string, host: string) =>
      execFileSync(
        'docker',
        ['--config', config, 'context', 'create', name, '--description', `test ${name}`, '--docker', `host=${host}`],
        {stdio: 'ignore'},
      );
    context('vst-first', first.url);
    context('vst-second', second.url);
    context('vst-gone', 'unix:///run/volscope-test/no-such-engine.sock');
    execFileSync('docker', ['--config', config, 'context', 'use', 'vst-first'], {stdio: 'ignore'});
    await docker(first, 'volume', 'create', '--label', `${TEST_LABEL}=1`, onFirst);
    await docker(second, 'volume', 'create', '--label', `${TEST_LABEL}=1`, onSecond);
  });
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(async () => {
    await cleanEngine(first);
    await cleanEngine(second);
  });

  it('lists the contexts, refuses one that does not answer with its reason, and switches to another', async () => {
    session = await TmuxSession.start([], {env, columns: 140, rows: 30});
    const s = session;
    await s.waitFor(`● live ${first.url}`, 10_000);
    await s.filterTo(onFirst);
    await s.type('e');
    const picker = await s.waitFor('Enter connects');
    expect(picker).toMatch(/● vst-first\s+unix:\/\//);
    expect(picker).toMatch(/ {2}vst-gone\s+unix:\/\/\/run\/volscope-test\/no-such-engine\.sock {2}test vst-gone/);
    // Contexts are sorted: default, vst-first, vst-gone, vst-second.
    await s.type('j');
    await s.keys('Enter');
    const refused = await s.waitFor('No Docker engine socket at unix:///run/volscope-test/no-such-engine.sock', 10_000);
    expect(refused).toContain('Is Docker running?');
    await s.type('j');
    await s.keys('Enter');
    await s.waitFor(`● live ${second.url}`, 15_000);
    // The new engine's session starts with no filter: find ours (and the one made next) by name.
    const switched = await s.filterTo('vst-ctx-');
    expect(switched).toContain(onSecond);
    expect(switched).not.toContain(onFirst);
    // Live on the new engine: a volume made there now shows without a key.
    const later = uniqueName('ctx-later');
    await docker(second, 'volume', 'create', '--label', `${TEST_LABEL}=1`, later);
    await s.waitFor(later, 5000);
    // Browsing runs its helper on the new engine, and quitting removes it there.
    await s.filterTo(onSecond);
    await s.waitFor((screen) => !screen.includes(later));
    await s.keys('Enter');
    await s.waitFor(`${onSecond}:/`, 15_000);
    // The breadcrumb shows as the browser opens; the helper is being created meanwhile.
    await until(
      async () => (await docker(second, 'ps', '-aq', '--filter', 'label=io.volscope.helper')) !== '',
      15_000,
      'a helper on the second engine',
    );
    await s.type('q');
    await s.waitFor('EXIT:0');
    expect(await docker(second, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    expect(await docker(first, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
  }, 60_000);
});
