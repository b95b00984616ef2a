import {mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';

describeEachEngine('a backup opened in the TUI: marked files restored into the volume', (engine) => {
  const volume = uniqueName('e2e-browse-archive');
  const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const paths = ['data', 'data/a.txt', 'data/b.txt', 'big.bin', 'notes.txt'];
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
  const stats = () =>
    sh(
      `stat -c "%n %a ${engine === PODMAN ? '' : '%u:%g %Y '}%s" ${paths.join(' ')} && sha256sum data/a.txt data/b.txt big.bin notes.txt`,
    );
  let session: TmuxSession | undefined;
  let archive = '';
  let before = '';

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    await sh(
      'mkdir -p conf data && echo "port: 8080" > conf/app.yml && echo a > data/a.txt && echo b > data/b.txt && ' +
        'head -c 300000 /dev/urandom > big.bin && echo notes > notes.txt && chown -R 1000:1000 data && chmod 600 notes.txt',
    );
    before = await stats();
    const dir = mkdtempSync(join(tmpdir(), 'volscope-e2e-browse-'));
    const made = await runCli(['backup', volume, '-o', dir, '--host', engine.url], env);
    expect(made.code, made.stderr).toBe(0);
    archive = join(dir, readdirSync(dir).find((n) => n.endsWith('.tar.gz'))!);
    // What the marked files must bring back: a folder gone, a file gone, a file changed.
    await sh('rm -rf data notes.txt && echo changed > big.bin && echo mine > conf/app.yml');
  }, 90_000);
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  it('volscope browse ARCHIVE: Space marks a folder and two files, R restores them (o over the one there), the rest stays', async () => {
    session = await TmuxSession.start(['browse', archive, '--host', engine.url], {env, columns: 140, rows: 30});
    const s = session;
    await s.waitFor('(backup, read-only)', 20_000);
    // Folders first, by name: conf/, data/, then big.bin, notes.txt.
    await s.waitFor('notes.txt');
    await s.keys('Down');
    await s.keys('Space');
    await s.waitFor('1 marked');
    await s.keys('Space');
    await s.waitFor('2 marked');
    await s.keys('Space');
    await s.waitFor('3 marked');
    await s.type('R');
    await s.waitFor(`Into volume  ${volume}`);
    await s.keys('Enter');
    await s.waitFor('o replaces them', 30_000);
    expect(await s.waitFor('big.bin')).toContain('1 of the files are there already');
    await s.type('o');
    await s.waitFor('Restored', 30_000);
    expect(await stats()).toBe(before);
    expect(await sh('cat conf/app.yml')).toBe('mine');
    expect(await sh('ls -A')).not.toContain('.volscope-restore');
    await s.keys('Enter');
    await s.type('q');
    await s.waitFor('EXIT:0');
    expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
  }, 120_000);
});
