import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, renameSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {
  ENGINES,
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  until,
} from '../helpers/engines.js';
import {type Sshd, startSshd} from '../helpers/remote-servers.js';

const TREE = [
  'sh',
  '-c',
  'cd "$1" && find . -exec stat -c "%n %a %s" {} + | sort && find . -type f -exec sha256sum {} + | sort',
  'tree',
];

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
}, 60_000);
afterAll(() => sshd?.stop());

/** The server is this machine: what volscope wrote over sftp is in this folder. */
function serverFolder(): string {
  return join(mkdtempSync(join(tmpdir(), 'volscope-sftp-')), 'backups');
}

const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.includes('.volscope-')) : []);

describeEachEngine(
  'backups off the machine: sftp:// and rclone: targets',
  (engine) => {
    const volume = uniqueName('remote-a');
    const other = uniqueName('remote-b');
    const sshEnv = () => ({HOME: sshd.home, SSH_AUTH_SOCK: undefined, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE});
    const host = ['--host', engine.url];
    const tree = (name: string) =>
      docker(engine, 'run', '--rm', '--network', 'none', '-v', `${name}:/v:ro`, TEST_IMAGE, ...TREE, '/v');

    beforeAll(async () => {
      await cleanEngine(engine);
      for (const name of [volume, other]) {
        await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
        await docker(
          engine,
          'run',
          '--rm',
          '--network',
          'none',
          '-v',
          `${name}:/v`,
          TEST_IMAGE,
          'sh',
          '-c',
          'mkdir -p /v/d && echo hi > /v/d/f && head -c 200000 /dev/urandom > /v/blob',
        );
      }
    }, 60_000);
    afterAll(() => cleanEngine(engine));

    it('sftp: backup, list, verify and restore through the server; the archive is a checked .tar.gz with its .sha256, no temporary file left', async () => {
      const dir = serverFolder();
      const url = `sftp://root@127.0.0.1:${sshd.port}${dir}`;
      const made = await runCli(['backup', volume, '-o', url, ...host], sshEnv());
      expect(made.code, made.stderr).toBe(0);
      const [archive, sidecar] = readdirSync(dir).sort();
      expect(archive).toMatch(new RegExp(`^${volume}-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
      expect(sidecar).toBe(`${archive}.sha256`);
      execFileSync('sha256sum', ['-c', sidecar!], {cwd: dir});
      expect(made.stdout).toContain(`${url}/${archive}: OK`);
      const listed = await runCli(['backups', url, '--json'], sshEnv());
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({archive, volume, engine: engine.url, encrypted: false, verified: true}),
      ]);
      const verified = await runCli(['verify', `${url}/${archive}`], sshEnv());
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toContain('(matches .sha256)');
      const target = uniqueName('from-sftp');
      const restored = await runCli(['restore', `${url}/${archive}`, target, ...host], sshEnv());
      expect(restored.code, restored.stderr).toBe(0);
      expect(await tree(target)).toBe(await tree(volume));
      expect(leftovers(dir)).toEqual([]);
    });

    it('sftp: --keep 2 over three runs keeps the newest two of each volume (and whatever is not its own)', async () => {
      const dir = serverFolder();
      const url = `sftp://root@127.0.0.1:${sshd.port}${dir}`;
      const run = () => runCli(['backup', volume, other, '-o', url, '--keep', '2', '--quiet', ...host], sshEnv());
      const older = (stamp: string) => {
        // Two earlier nights: each run's archives take an older stamp, as if made then.
        for (const name of readdirSync(dir).filter((n) => /\d{8}T\d{6}Z/.test(n) && !n.includes(stamp.slice(0, 8))))
          renameSync(join(dir, name), join(dir, name.replace(/\d{8}T\d{6}Z/, stamp)));
      };
      expect((await run()).code).toBe(0);
      older('20250101T000000Z');
      expect((await run()).code).toBe(0);
      older('20250102T000000Z');
      const third = await run();
      expect(third.code, third.stderr).toBe(0);
      const names = readdirSync(dir).filter((n) => n.endsWith('.tar.gz'));
      expect(names.filter((n) => n.startsWith(`${volume}-`))).toHaveLength(2);
      expect(names.filter((n) => n.startsWith(`${other}-`))).toHaveLength(2);
      expect(names.some((n) => n.includes('20250101'))).toBe(false);
      expect(readdirSync(dir).filter((n) => n.endsWith('.sha256'))).toHaveLength(4);
    });

    it('sftp: an encrypted backup goes up as .tar.gz.age and restores with -i; an unknown host key is refused with the ssh-keyscan line', async () => {
      const dir = serverFolder();
      const url = `sftp://root@127.0.0.1:${sshd.port}${dir}`;
      const key = join(dir, '..', 'key.txt');
      execFileSync('age-keygen', ['-o', key], {stdio: 'ignore'});
      const recipient = execFileSync('age-keygen', ['-y', key], {encoding: 'utf8'}).trim();
      const made = await runCli(['backup', volume, '-o', url, '--encrypt-to', recipient, ...host], sshEnv());
      expect(made.code, made.stderr).toBe(0);
      const archive = readdirSync(dir).find((n) => n.endsWith('.age'))!;
      const target = uniqueName('sealed-sftp');
      const restored = await runCli(['restore', `${url}/${archive}`, target, '-i', key, ...host], sshEnv());
      expect(restored.code, restored.stderr).toBe(0);
      expect(await tree(target)).toBe(await tree(volume));
      const stranger = await runCli(['backups', url], {...sshEnv(), HOME: sshd.strangerHome});
      expect(stranger.code).toBe(1);
      expect(stranger.stderr).toContain(`ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ~/.ssh/known_hosts`);
    });

    it('rclone: a local-folder remote and an sftp remote take backups, list them, verify and restore from them', async () => {
      const localDir = serverFolder();
      const sftpDir = serverFolder();
      const env = {
        ...sshEnv(),
        RCLONE_CONFIG_DISK_TYPE: 'local',
        RCLONE_CONFIG_SRV_TYPE: 'sftp',
        RCLONE_CONFIG_SRV_HOST: '127.0.0.1',
        RCLONE_CONFIG_SRV_PORT: String(sshd.port),
        RCLONE_CONFIG_SRV_USER: 'root',
        RCLONE_CONFIG_SRV_KEY_FILE: join(sshd.home, '.ssh', 'id_ed25519'),
        RCLONE_CONFIG_SRV_SHELL_TYPE: 'unix',
      };
      for (const [target, dir] of [
        [`rclone:disk:${localDir}`, localDir],
        [`rclone:srv:${sftpDir}`, sftpDir],
      ] as const) {
        const made = await runCli(['backup', volume, '-o', target, ...host], env);
        expect(made.code, `${target}: ${made.stderr}`).toBe(0);
        const archive = readdirSync(dir).find((n) => n.endsWith('.tar.gz'))!;
        execFileSync('sha256sum', ['-c', `${archive}.sha256`], {cwd: dir});
        const listed = JSON.parse((await runCli(['backups', target, '--json'], env)).stdout) as {archive: string}[];
        expect(listed.map((l) => l.archive)).toEqual([archive]);
        expect((await runCli(['verify', `${target}/${archive}`], env)).code).toBe(0);
        const restoredInto = uniqueName('from-rclone');
        const restored = await runCli(['restore', `${target}/${archive}`, restoredInto, ...host], env);
        expect(restored.code, restored.stderr).toBe(0);
        expect(await tree(restoredInto)).toBe(await tree(volume));
        expect(leftovers(dir)).toEqual([]);
      }
    }, 60_000);
  },
  [...ENGINES, PODMAN],
);

describeEachEngine(
  'an sftp upload cut mid-stream',
  (engine) => {
    const big = uniqueName('cut');
    beforeAll(async () => {
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, big);
      await docker(
        engine,
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `${big}:/v`,
        TEST_IMAGE,
        'sh',
        '-c',
        'head -c 150000000 /dev/urandom > /v/big',
      );
    }, 60_000);
    afterAll(() => cleanEngine(engine));

    it('leaves nothing under the final name on the server, and no temporary file once it can reach it again; exit 1 in words', async () => {
      const dir = serverFolder();
      const url = `sftp://root@127.0.0.1:${sshd.port}${dir}`;
      const child = spawn(process.execPath, [BIN, 'backup', big, '-o', url, '--host', engine.url], {
        env: {...process.env, HOME: sshd.home, SSH_AUTH_SOCK: '', VOLSCOPE_HELPER_IMAGE: TEST_IMAGE},
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Cut once a few megabytes have arrived under the temporary name.
      await until(
        () => {
          const temp = leftovers(dir)[0];
          return temp !== undefined && statSync(join(dir, temp)).size > 4_000_000;
        },
        60_000,
        'the upload to be under way',
      );
      sshd.dropSessions();
      expect(await exited).toBe(1);
      expect(stderr, stderr).toMatch(/Backup of .* not written: .*(SSH connection was lost|upload stopped)/);
      expect(readdirSync(dir).filter((n) => n.endsWith('.tar.gz') || n.endsWith('.sha256'))).toEqual([]);
      expect(leftovers(dir)).toEqual([]);
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    }, 120_000);
  },
  ENGINES.slice(0, 1),
);
