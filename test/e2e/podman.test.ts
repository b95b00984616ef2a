import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  until,
} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';

describeEachEngine(
  'volscope in a terminal on Podman',
  (engine) => {
    const volume = uniqueName('podman-e2e');
    let session: TmuxSession | undefined;

    beforeAll(async () => {
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
      const id = await docker(
        engine,
        'run',
        '-d',
        '--label',
        `${TEST_LABEL}=1`,
        '--network',
        'none',
        '-v',
        `${volume}:/v`,
        TEST_IMAGE,
        'sh',
        '-c',
        'head -c 250000 /dev/zero > /v/blob',
      );
      await until(
        async () => (await docker(engine, 'inspect', '-f', '{{.State.Status}}', id)) === 'exited',
        20_000,
        'the fixture container',
      );
    }, 60_000);
    afterEach(async () => {
      await session?.kill();
      session = undefined;
    });
    afterAll(() => cleanEngine(engine), 60_000);

    it('shows the volume with its size, browses it, and quits leaving no helper', async () => {
      session = await TmuxSession.start(['--host', engine.url], {env: {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE}});
      const s = session;
      await s.filterTo(volume);
      const screen = await s.waitFor((text) => text.includes(volume) && text.includes('250 kB'), 10_000);
      // The address ends the status line and is what a long line (many volumes) cuts.
      expect(screen).toContain('● live');
      await s.keys('Enter');
      await s.waitFor(`${volume}:/`, 15_000);
      await s.waitFor('blob');
      await s.type('q');
      await s.waitFor('EXIT:0');
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    }, 40_000);
  },
  [PODMAN],
);
