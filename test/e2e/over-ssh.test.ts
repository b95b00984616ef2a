import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {
  ENGINES,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  until,
} from '../helpers/engines.js';
import {type Sshd, startSshd} from '../helpers/remote-servers.js';
import {TmuxSession} from '../helpers/tmux.js';

const run = promisify(execFile);

/**
 * The way many users meet volscope: `ssh -t server volscope`. The TUI runs on the server's pty,
 * at 80×24, and when the SSH connection drops the session's SIGHUP must take the helpers with it.
 */
describeEachEngine(
  'volscope over an SSH session',
  (engine) => {
    const volume = uniqueName('ssh-e2e');
    let sshd: Sshd;
    let session: TmuxSession | undefined;

    beforeAll(async () => {
      sshd = await startSshd();
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
      await docker(engine, 'run', '--rm', '-v', `${volume}:/v`, TEST_IMAGE, 'sh', '-c', 'echo hi > /v/over-ssh.txt');
    }, 60_000);
    afterEach(async () => {
      await session?.kill();
      session = undefined;
    });
    afterAll(async () => {
      sshd?.stop();
      await cleanEngine(engine);
    }, 60_000);

    /** tmux runs the ssh client; the server side runs volscope on its own pty. */
    const overSsh = async () => {
      const key = join(sshd.home, '.ssh', 'id_ed25519');
      const remote = `env LANG=C.UTF-8 VOLSCOPE_HELPER_IMAGE=${TEST_IMAGE} '${process.execPath}' '${BIN}' --host ${engine.url}`;
      const command = `ssh -t -p ${sshd.port} -i '${key}' -o UserKnownHostsFile='${join(sshd.home, '.ssh', 'known_hosts')}' -o StrictHostKeyChecking=yes -o BatchMode=yes root@127.0.0.1 "${remote}"; echo "SSH-EXIT:$?"; sleep 600`;
      session = await TmuxSession.startCommand(command, {columns: 80, rows: 24});
      return session;
    };

    it('draws at 80x24 on the remote pty, browses, and q ends the ssh session cleanly', async () => {
      const s = await overSsh();
      // Found by its name, not by being on the first screen: the engine may hold anyone's volumes.
      // Listed: at 80 columns the status line may cut '● live' once the sizes are in.
      await s.waitFor(/\d+ volumes? /, 15_000);
      await s.type(`/${volume}`);
      await s.keys('Enter');
      const screen = await s.waitFor((text) => text.includes(volume) && text.includes('1 of'), 15_000);
      expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);
      await s.keys('Enter');
      await s.waitFor('over-ssh.txt', 15_000);
      await s.type('q');
      await s.waitFor('SSH-EXIT:0', 10_000);
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    }, 60_000);

    it('when the connection drops (the ssh client is killed), volscope exits and removes its helper', async () => {
      const s = await overSsh();
      // Listed: at 80 columns the status line may cut '● live' once the sizes are in.
      await s.waitFor(/\d+ volumes? /, 15_000);
      await s.type(`/${volume}`);
      await s.keys('Enter');
      await s.waitFor((text) => text.includes(volume) && text.includes('1 of'), 15_000);
      await s.keys('Enter');
      await s.waitFor('over-ssh.txt', 15_000);
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).not.toBe('');
      const client = (await s.display('#{pane_pid}')).trim();
      const {stdout} = await run('pgrep', ['-P', client, '-x', 'ssh']);
      process.kill(Number(stdout.trim()), 'SIGKILL');
      await s.waitFor(/SSH-EXIT:\d+/, 10_000);
      // sshd hangs up the remote pty: volscope's SIGHUP handler removes the helper and exits.
      await until(
        async () => (await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')) === '',
        15_000,
        'the helper to be removed after the drop',
      );
      await until(
        async () =>
          await run('pgrep', ['-f', `${BIN} --host ${engine.url}`]).then(
            () => false,
            () => true,
          ),
        10_000,
        'the remote volscope to exit',
      );
    }, 60_000);
  },
  [ENGINES[0]!],
);
