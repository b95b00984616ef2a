import {existsSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {type Sshd, startSshd} from '../helpers/remote-servers.js';
import {hostileVariants} from '../helpers/archive-corpus.js';
import {
  ENGINES,
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  startUser,
} from '../helpers/engines.js';

/** Owners and times are compared on Docker only: Podman's archive API reports every owner as 0:0 and unpacks with the time of now. */
const statOf = (podman: boolean) =>
  `stat -c "%n %a ${podman ? '%s' : '%u:%g %s %Y'}" "$@"; sha256sum "$@" 2>/dev/null; true`;

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
}, 60_000);
afterAll(() => sshd?.stop());

describeEachEngine(
  'restore --path: chosen files of a backup into a volume that keeps the rest',
  (engine) => {
    const source = uniqueName('partial-src');
    const live = uniqueName('partial-live');
    const dir = mkdtempSync(join(tmpdir(), 'volscope-partial-'));
    const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
    const host = ['--host', engine.url];
    let archive = '';
    const sh = (volume: string, script: string, ...args: string[]) =>
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
        'sh',
        ...args,
      );
    const stats = (volume: string, ...paths: string[]) => sh(volume, statOf(engine === PODMAN), ...paths);
    const restore = (...args: string[]) => runCli(['restore', archive, live, ...args, ...host], env);

    beforeAll(async () => {
      await cleanEngine(engine);
      for (const name of [source, live]) await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
      await sh(
        source,
        'mkdir -p etc data/deep && echo "port: 8080" > etc/app.conf && chmod 600 etc/app.conf && chown 1000:1000 etc/app.conf && ' +
          'echo a > data/a.txt && echo b > data/deep/b.txt && head -c 6000000 /dev/urandom > big.bin && ln big.bin twin.bin && ' +
          'ln -s etc/app.conf link && touch -d "2024-01-02 03:04:05" data/a.txt',
      );
      const made = await runCli(['backup', source, '-o', dir, ...host], env);
      expect(made.code, made.stderr).toBe(0);
      archive = join(dir, readdirSync(dir).find((n) => n.endsWith('.tar.gz'))!);
    }, 120_000);
    afterAll(() => cleanEngine(engine));

    it('a file that is there is named and nothing is written; --skip-existing keeps it; --overwrite replaces it whole, owner, mode and time as in the archive', async () => {
      await sh(live, 'mkdir -p etc && echo mine > etc/app.conf && echo keep > keep.txt');
      const refused = await restore('--path', 'etc/app.conf');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('1 of the files are there already');
      expect(refused.stderr).toContain('etc/app.conf');
      expect(refused.stderr).toContain('--overwrite');
      expect(await sh(live, 'cat etc/app.conf')).toBe('mine');
      const skipped = await restore('--path', 'etc/app.conf', '--skip-existing');
      expect(skipped.code, skipped.stderr).toBe(0);
      expect(skipped.stdout).toContain('Kept as they were (already there):\n  etc/app.conf');
      expect(await sh(live, 'cat etc/app.conf')).toBe('mine');
      const replaced = await restore('--path', 'etc/app.conf', '--overwrite');
      expect(replaced.code, replaced.stderr).toBe(0);
      expect(replaced.stdout).toContain('etc/app.conf');
      expect(await stats(live, 'etc/app.conf')).toBe(await stats(source, 'etc/app.conf'));
      expect(await sh(live, 'cat keep.txt')).toBe('keep');
      expect(await sh(live, 'ls -a')).not.toContain('.volscope-restore');
    });

    it('a folder, a symlink and a hard-linked pair land as they were; the rest of the volume is untouched', async () => {
      const done = await restore('--path', 'data', '--path', 'link', '--path', 'big.bin', '--path', 'twin.bin');
      expect(done.code, done.stderr).toBe(0);
      const paths = ['data', 'data/a.txt', 'data/deep', 'data/deep/b.txt', 'big.bin', 'twin.bin'];
      expect(await stats(live, ...paths)).toBe(await stats(source, ...paths));
      expect(await sh(live, 'readlink link')).toBe('etc/app.conf');
      expect(await sh(live, 'stat -c %i big.bin twin.bin | uniq | wc -l')).toBe('1');
      expect(await sh(live, 'cat keep.txt')).toBe('keep');
    });

    it('a running container using the volume is named and the restore refused; --stop-containers stops it for the duration', async () => {
      const user = uniqueName('partial-user');
      await startUser(engine, [`${live}:/data`], {name: user});
      const refused = await restore('--path', 'data/a.txt', '--overwrite');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(user);
      expect(refused.stderr).toContain('--stop-containers');
      const stopped = await restore('--path', 'data/a.txt', '--overwrite', '--stop-containers');
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(await docker(engine, 'inspect', '-f', '{{.State.Running}}', user)).toBe('true');
      await docker(engine, 'rm', '-f', user);
    });

    it('into a volume that does not exist: created, holding only the chosen files', async () => {
      const target = uniqueName('partial-new');
      const done = await runCli(['restore', archive, target, '--path', 'etc', ...host], env);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toContain('(created)');
      expect(await sh(target, 'find . | sort')).toBe('.\n./etc\n./etc/app.conf');
    });

    it('extract reads only the parts that hold the file, here and over sftp (the same seek at offsets)', async () => {
      const here = await runCli(['extract', archive, '--path', 'etc/app.conf', '-o', join(dir, 'x-here')]);
      expect(here.code, here.stderr).toBe(0);
      const url = `sftp://root@127.0.0.1:${sshd.port}${archive}`;
      const remote = await runCli(['extract', url, '--path', 'etc/app.conf', '-o', join(dir, 'x-sftp')], {
        HOME: sshd.home,
        SSH_AUTH_SOCK: undefined,
      });
      expect(remote.code, remote.stderr).toBe(0);
      for (const result of [here, remote]) {
        const [, read, of] = /read ([\d.]+ [kM]?B) of the ([\d.]+ MB) archive/.exec(result.stdout) ?? [];
        expect(read, result.stdout).toBeDefined();
        const bytes = (text: string) =>
          Number.parseFloat(text) * (text.endsWith('MB') ? 1e6 : text.endsWith('kB') ? 1e3 : 1);
        expect(bytes(read!)).toBeLessThan(bytes(of!) / 3);
      }
      expect(await sh(source, 'cat etc/app.conf')).toBe('port: 8080');
    });

    it('a path the archive does not hold is named, and nothing is written', async () => {
      const missing = await restore('--path', 'nope.txt');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('holds no "nope.txt"');
    });

    it('every hostile archive of the corpus is refused; nothing lands in the volume or outside it', async () => {
      const target = uniqueName('partial-hostile');
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, target);
      await sh(target, 'echo keep > keep.txt');
      for (const variant of (await hostileVariants()).filter((v) => v.kind === 'hostile entry')) {
        const path = join(dir, 'hostile.tar.gz');
        writeFileSync(path, variant.bytes);
        const result = await runCli(['restore', path, target, '--path', '.', '--overwrite', ...host], env);
        expect(result.code, variant.name).not.toBe(0);
        expect(await sh(target, 'ls -A'), variant.name).toBe('keep.txt');
      }
      expect(existsSync('/tmp/volscope-escaped.txt')).toBe(false);
    }, 180_000);
  },
  [...ENGINES, PODMAN],
);
