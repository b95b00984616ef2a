import {execFile} from 'node:child_process';
import {existsSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {runCli, SINGLE_FILE, STATE_HOME} from '../helpers/cli.js';
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
 * The single executable (dist/volscope) copied to a server that has no Node: scp it over, run it
 * with `ssh -t` on the server's pty at 80×24, browse, quit — and the same flags, output and exit
 * codes as the npm-installed command.
 */
describeEachEngine(
  'the single executable',
  (engine) => {
    const volume = uniqueName('sea');
    let sshd: Sshd;
    let session: TmuxSession | undefined;
    const remoteDir = `/tmp/${uniqueName('server')}`;
    const remoteBinary = `${remoteDir}/volscope`;
    // What the server has on PATH: nothing at all, so no node either.
    const serverEnv = `env -i PATH=/nonexistent HOME=/root TERM=xterm-256color LANG=C.UTF-8 VOLSCOPE_HELPER_IMAGE=${TEST_IMAGE}`;

    beforeAll(async () => {
      expect(existsSync(SINGLE_FILE), `${SINGLE_FILE} is missing: npm test builds it (npm run build:binary)`).toBe(
        true,
      );
      sshd = await startSshd();
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
      await docker(
        engine,
        'run',
        '--rm',
        '-v',
        `${volume}:/v`,
        TEST_IMAGE,
        'sh',
        '-c',
        'echo hi > /v/from-one-file.txt',
      );
    }, 60_000);
    afterEach(async () => {
      await session?.kill();
      session = undefined;
    });
    afterAll(async () => {
      sshd?.stop();
      await run('rm', ['-rf', remoteDir]);
      await cleanEngine(engine);
    }, 60_000);

    const sshArgs = () => {
      const key = join(sshd.home, '.ssh', 'id_ed25519');
      return [
        '-P',
        String(sshd.port),
        '-i',
        key,
        '-o',
        `UserKnownHostsFile=${join(sshd.home, '.ssh', 'known_hosts')}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
      ];
    };
    const ssh = (remote: string) => {
      const [, port, ...rest] = sshArgs();
      return `ssh -t -p ${port} ${rest.map((a) => `'${a}'`).join(' ')} root@127.0.0.1 "${remote}"`;
    };

    it('gives the same answers, flags and exit codes as the npm-installed command', async () => {
      const [viaNpm, viaFile] = await Promise.all([
        runCli(['ls', '--json', '--no-size', '--host', engine.url]),
        runCli(['ls', '--json', '--no-size', '--host', engine.url], {}, SINGLE_FILE),
      ]);
      expect(viaFile.code, viaFile.stderr).toBe(0);
      const names = (out: string) => (JSON.parse(out) as Array<{name: string}>).map((v) => v.name);
      expect(names(viaFile.stdout)).toEqual(names(viaNpm.stdout));
      expect(names(viaFile.stdout)).toContain(volume);
      const usage = await runCli(['ls', '--no-such-flag'], {}, SINGLE_FILE);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain("unknown option '--no-such-flag'");
      const down = await runCli(['ls', '--host', 'unix:///nonexistent.sock'], {}, SINGLE_FILE);
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('/nonexistent.sock');
    }, 60_000);

    it('has an arm64 twin that answers the same under qemu-user-static', async () => {
      // dist/volscope-linux-arm64: Node's arm64 build with the same blob. This machine is x64, so
      // it runs under user-mode emulation with Debian's arm64 C libraries (scripts/test-engine.sh).
      const arm64 = SINGLE_FILE.replace(/volscope$/, 'volscope-linux-arm64');
      expect(existsSync(arm64), `${arm64} is missing: npm test builds it (npm run build:binary)`).toBe(true);
      // ELF e_machine at byte 18: 183 is AArch64.
      expect(readFileSync(arm64).readUInt16LE(18)).toBe(183);
      const qemu = await run('sh', ['-c', 'command -v qemu-aarch64-static']).then(
        (r) => r.stdout.trim(),
        () => '',
      );
      expect(qemu, 'qemu-aarch64-static is missing: bash scripts/test-engine.sh installs it').not.toBe('');
      const env = {...process.env, XDG_STATE_HOME: STATE_HOME};
      const version = await run(qemu, [arm64, '--version'], {env});
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      const [viaNpm, viaArm] = await Promise.all([
        runCli(['ls', '--json', '--no-size', '--no-history', '--host', engine.url]),
        run(qemu, [arm64, 'ls', '--json', '--no-size', '--no-history', '--host', engine.url], {env}),
      ]);
      const names = (out: string) => (JSON.parse(out) as Array<{name: string}>).map((v) => v.name);
      expect(names(viaArm.stdout)).toEqual(names(viaNpm.stdout));
      expect(names(viaArm.stdout)).toContain(volume);
      // Exit codes survive emulation: an engine that is not there is 1, with the socket named.
      const down = await run(qemu, [arm64, 'ls', '--host', 'unix:///nonexistent.sock'], {env}).then(
        () => ({code: 0, stderr: ''}),
        (e: {code: number; stderr: string}) => e,
      );
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('/nonexistent.sock');
    }, 90_000);

    it('is copied to a server with no Node, runs over ssh -t at 80x24, browses and quits cleanly', async () => {
      const size = statSync(SINGLE_FILE).size;
      console.log(`[single-file] ${(size / 1e6).toFixed(1)} MB`);
      await run('ssh', [...sshArgs().map((a) => (a === '-P' ? '-p' : a)), 'root@127.0.0.1', `mkdir -p ${remoteDir}`]);
      await run('scp', [...sshArgs(), SINGLE_FILE, `root@127.0.0.1:${remoteBinary}`]);
      // The server's environment has no node to fall back on.
      const probe = await run('ssh', [
        ...sshArgs().map((a) => (a === '-P' ? '-p' : a)),
        'root@127.0.0.1',
        `${serverEnv} /bin/sh -c 'command -v node || echo no-node'`,
      ]);
      expect(probe.stdout.trim()).toBe('no-node');
      session = await TmuxSession.startCommand(
        `${ssh(`${serverEnv} ${remoteBinary} --host ${engine.url}`)}; echo "SSH-EXIT:$?"; sleep 600`,
        {columns: 80, rows: 24},
      );
      const screen = await session.filterTo(volume);
      expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);
      await session.keys('Enter');
      await session.waitFor('from-one-file.txt', 15_000);
      await session.type('q');
      await session.waitFor('SSH-EXIT:0', 10_000);
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    }, 90_000);

    it('takes its helper with it when the SSH connection drops', async () => {
      session = await TmuxSession.startCommand(
        `${ssh(`${serverEnv} ${remoteBinary} --host ${engine.url}`)}; echo "SSH-EXIT:$?"; sleep 600`,
        {columns: 80, rows: 24},
      );
      await session.filterTo(volume);
      await session.keys('Enter');
      await session.waitFor('from-one-file.txt', 15_000);
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).not.toBe('');
      const client = (await session.display('#{pane_pid}')).trim();
      const {stdout} = await run('pgrep', ['-P', client, '-x', 'ssh']);
      process.kill(Number(stdout.trim()), 'SIGKILL');
      await session.waitFor(/SSH-EXIT:\d+/, 10_000);
      await until(
        async () => (await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')) === '',
        15_000,
        'the helper to be removed after the drop',
      );
      // Anchored: the pane's own shell command line holds the same words.
      await until(
        async () =>
          await run('pgrep', ['-f', `^${remoteBinary} --host`]).then(
            () => false,
            () => true,
          ),
        10_000,
        'the remote volscope to exit',
      );
    }, 90_000);
  },
  [ENGINES[0]!],
);
