import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';
import {type Sshd, startSshd} from '../helpers/remote-servers.js';
import {TmuxSession} from '../helpers/tmux.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
}, 60_000);
afterAll(() => sshd?.stop());

describeEachEngine('backups off the machine from the TUI', (engine) => {
  const volume = uniqueName('e2e-offsite');
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    await docker(engine, 'run', '--rm', '-v', `${volume}:/v`, TEST_IMAGE, 'sh', '-c', 'echo hello > /v/note.txt');
  }, 60_000);
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  it('b to an sftp:// folder writes a checked archive on the server, and the next b offers that folder (↓)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'volscope-e2e-sftp-')), 'nightly');
    const url = `sftp://root@127.0.0.1:${sshd.port}${dir}`;
    const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE, HOME: sshd.home, SSH_AUTH_SOCK: ''};
    session = await TmuxSession.start(['--host', engine.url], {env, columns: 160, rows: 30});
    const s = session;
    await s.filterTo(volume);
    await s.type('b');
    await s.waitFor(`Back up ${volume} to:`);
    await s.keys('C-u');
    await s.type(url);
    await s.keys('Enter');
    await s.waitFor('1 backup written and checked', 60_000);
    const archive = readdirSync(dir).find((name) => name.endsWith('.tar.gz'))!;
    expect(archive).toMatch(new RegExp(`^${volume}-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
    execFileSync('sha256sum', ['-c', `${archive}.sha256`], {cwd: dir});
    await s.keys('Enter');
    await s.type('b');
    await s.waitFor('Used before');
    await s.keys('Down');
    await s.waitFor(`[${url}]`);
    await s.keys('Escape');
    await s.type('q');
    await s.waitFor('EXIT:0');
    expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
  }, 90_000);

  it('R restores an encrypted archive from the sftp folder with -i given at start', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'volscope-e2e-sftp-')), 'sealed');
    const url = `sftp://root@127.0.0.1:${sshd.port}${dir}`;
    const key = join(dir, '..', 'key.txt');
    execFileSync('age-keygen', ['-o', key], {stdio: 'ignore'});
    const recipient = execFileSync('age-keygen', ['-y', key], {encoding: 'utf8'}).trim();
    const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE, HOME: sshd.home, SSH_AUTH_SOCK: ''};
    const made = await runCli(['backup', volume, '-o', url, '--encrypt-to', recipient, '--host', engine.url], env);
    expect(made.code, made.stderr).toBe(0);
    const archive = readdirSync(dir).find((name) => name.endsWith('.age'))!;
    const target = uniqueName('e2e-sealed-back');
    session = await TmuxSession.start(['--host', engine.url, '-i', key], {env, columns: 160, rows: 30});
    const s = session;
    await s.filterTo(volume);
    await s.type('R');
    await s.waitFor('Restore a backup');
    await s.type(`${url}/${archive}`);
    await s.keys('Tab');
    await s.type(target);
    await s.keys('Enter');
    await s.waitFor(`into ${target} (created as recorded`, 60_000);
    expect(await docker(engine, 'run', '--rm', '-v', `${target}:/v:ro`, TEST_IMAGE, 'cat', '/v/note.txt')).toBe(
      'hello',
    );
  }, 90_000);
});
