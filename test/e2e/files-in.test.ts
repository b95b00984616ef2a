import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';
import {type Sshd, startSshd} from '../helpers/remote-servers.js';
import {TmuxSession} from '../helpers/tmux.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
}, 60_000);
afterAll(() => sshd?.stop());

/**
 * u and e in a real terminal: a folder of this machine copied into a volume (one file it
 * replaces is named first), then a file edited in place by an EDITOR that appends a line — on
 * the engine's own socket and on the same engine reached over ssh://.
 */
describeEachEngine('files into a volume from the TUI: u copies a folder in, e edits a file in place', (engine) => {
  const volume = uniqueName('e2e-files-in');
  const work = mkdtempSync(join(tmpdir(), 'volscope-e2e-files-in-'));
  const site = join(work, 'site');
  const editor = join(work, 'append.sh');
  let session: TmuxSession | undefined;
  const sh = (script: string) =>
    docker(
      engine,
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${volume}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      `cd /v && ${script}`,
    );

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    mkdirSync(join(site, 'css'), {recursive: true});
    writeFileSync(join(site, 'index.html'), '<h1>new</h1>\n');
    writeFileSync(join(site, 'css', 'app.css'), 'body {}\n');
    writeFileSync(editor, '#!/bin/sh\necho "# edited in volscope" >> "$1"\n', {mode: 0o755});
  }, 60_000);
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  for (const via of ['its socket', 'ssh://'] as const) {
    it(`through ${via}`, async () => {
      await sh(
        'rm -rf ./* && mkdir conf site && echo "listen 80;" > conf/nginx.conf && chown 101:101 conf/nginx.conf && chmod 640 conf/nginx.conf && echo old > site/index.html',
      );
      const host =
        via === 'ssh://' ? `ssh://root@127.0.0.1:${sshd.port}${engine.url.replace('unix://', '')}` : engine.url;
      const env: Record<string, string> = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE, EDITOR: editor, VISUAL: ''};
      if (via === 'ssh://') env.HOME = sshd.home;
      session = await TmuxSession.start(['--host', host], {env, columns: 140, rows: 30});
      const s = session;
      await s.filterTo(volume);
      await s.keys('Enter');
      await s.waitFor('site/', 20_000);
      // u: the folder typed, completed by Tab; what it writes and replaces comes before anything is written.
      await s.type('u');
      await s.waitFor('From (this machine)');
      await s.keys('C-u');
      await s.type(`${work}/si`);
      await s.keys('Tab');
      await s.waitFor(`${site}/`);
      await s.keys('Enter');
      const preview = await s.waitFor('Enter copies', 20_000);
      expect(preview).toContain('Writes 2 files, 2 folders');
      expect(preview).toContain('Replaces 1 file there now: site/index.html');
      await s.keys('Enter');
      await s.waitFor(`Copied ${site} into ${volume}:/`, 30_000);
      await s.keys('Enter');
      expect(await sh('cat site/index.html site/css/app.css; stat -c "%u:%g" site/css/app.css; ls -A')).toBe(
        '<h1>new</h1>\nbody {}\n0:0\nconf\nsite',
      );
      // e: into conf/, the file to the editor, then b writes it back keeping the old one.
      await s.waitFor('site/');
      await s.keys('Home');
      await s.keys('Enter');
      await s.waitFor('nginx.conf', 20_000);
      await s.type('e');
      await s.waitFor('1 line added, 0 removed', 20_000);
      await s.type('b');
      await s.waitFor(`Wrote ${volume}:/conf/nginx.conf`, 20_000);
      await s.keys('Enter');
      await s.waitFor('nginx.conf.volscope-bak', 20_000);
      expect(await sh('cat conf/nginx.conf; stat -c "%n %u:%g %a" conf/nginx.conf conf/nginx.conf.volscope-bak')).toBe(
        'listen 80;\n# edited in volscope\nconf/nginx.conf 101:101 640\nconf/nginx.conf.volscope-bak 101:101 640',
      );
      await s.type('q');
      await s.waitFor('EXIT:0', 20_000);
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    }, 120_000);
  }
});
