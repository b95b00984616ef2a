import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';

describeEachEngine(
  'the size history in a terminal: GROWTH, sort, sparkline, last users in the prune preview',
  (engine) => {
    const orphan = uniqueName('e2e-orphan');
    const user = uniqueName('e2e-user');
    const env = {
      XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'volscope-e2e-history-')),
      VOLSCOPE_HELPER_IMAGE: TEST_IMAGE,
    };
    let session: TmuxSession | undefined;

    beforeAll(async () => {
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, orphan);
      await docker(engine, 'run', '--name', user, '--network', 'none', '-v', `${orphan}:/v`, TEST_IMAGE, 'true');
      const recorded = await runCli(['record', '--host', engine.url], env);
      expect(recorded.code, recorded.stderr).toBe(0);
      await docker(engine, 'rm', user);
      await docker(
        engine,
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `${orphan}:/v`,
        TEST_IMAGE,
        'sh',
        '-c',
        'head -c 120000000 /dev/urandom > /v/grew',
      );
    }, 90_000);
    afterEach(async () => {
      await session?.kill();
      session = undefined;
    });
    afterAll(() => cleanEngine(engine));

    it('the grower leads the table under W, its details draw the size over the window, and the prune preview names its last user', async () => {
      session = await TmuxSession.start(['--host', engine.url], {env, columns: 150, rows: 32});
      const s = session;
      await s.waitFor('GROWTH', 20_000);
      await s.waitFor(/fastest: \S+ ▲ 120 MB in 24h/, 30_000);
      await s.type('W');
      const sorted = await s.waitFor('GROWTH 24h▼');
      const firstRow = sorted.split('\n').find((line) => /▲|0 B/.test(line) && !line.includes('fastest'));
      expect(firstRow).toContain(orphan);
      expect(firstRow).toMatch(/▲ 120 MB/);
      await s.type('i');
      const details = await s.waitFor('Size over 24h');
      expect(details).toMatch(/Growth\s+▲ 120 MB since/);
      expect(details).toMatch(/Size over 24h\s+[▁▂▃▄▅▆▇█ ]+\s+0 B – 120 MB/);
      expect(details).toMatch(new RegExp(`Last used by\\s+${user} \\(gone since`));
      await s.keys('Escape');
      await s.waitFor('GROWTH 24h▼');
      await s.type('p');
      await s.waitFor('Prune:');
      await s.keys('Tab');
      const preview = await s.waitFor(new RegExp(`${orphan}\\s+120 MB\\s+last used by ${user} \\(gone since`));
      expect(preview).toContain('all unused, named too');
      await s.keys('Escape');
      await s.waitFor('GROWTH 24h▼');
      await s.type('q');
      await s.waitFor('EXIT:0');
    }, 90_000);
  },
);
