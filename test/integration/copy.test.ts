import {execFileSync, spawn} from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {BIN, STATE_HOME, runCli} from '../helpers/cli.js';
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

/** Names a copy must carry both ways: a newline, an escape sequence, a leading dash, 200 bytes, bytes that are not UTF-8. */
const HOSTILE = [
  Buffer.from('new\nline'),
  Buffer.from('esc\u001b]2;PWNED\u0007'),
  Buffer.from('-leading-dash'),
  Buffer.from('L'.repeat(200)),
  Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe]),
];

describeEachEngine(
  'volscope cp: files into, out of and between volumes',
  (engine) => {
    const vol = uniqueName('cp');
    const other = uniqueName('cp-other');
    const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
    const host = ['--host', engine.url];
    const podman = engine === PODMAN;
    const work = mkdtempSync(join(tmpdir(), 'volscope-cp-'));
    const src = join(work, 'src');
    const cp = (...args: string[]) => runCli(['cp', ...args, ...host], env);
    const sh = (volume: string, script: string) =>
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
      for (const name of [vol, other]) await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
      await sh(vol, 'mkdir owned && chown 1000:1001 owned && ln -s /etc out && ln -s owned in');
      mkdirSync(join(src, 'deep'), {recursive: true});
      writeFileSync(join(src, 'app.conf'), 'port: 8080\n', {mode: 0o640});
      writeFileSync(join(src, 'deep', 'data.bin'), Buffer.alloc(300_000, 7));
      symlinkSync('app.conf', join(src, 'conf-link'));
      for (const name of HOSTILE) writeFileSync(Buffer.concat([Buffer.from(`${src}/`), name]), name);
      execFileSync('mkfifo', [join(src, 'a-fifo')]);
    }, 120_000);
    afterAll(() => cleanEngine(engine));

    it('a folder into a volume: content, modes and links as they are, owned by the folder it lands in; names of any bytes', async () => {
      const result = await cp(src, `${vol}:/owned`);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('a-fifo: left out: a socket, fifo or device is not copied');
      const listed = await sh(
        vol,
        'cd owned/src && stat -c "%n %a %u:%g %s" app.conf deep/data.bin && readlink conf-link && ls -1 | wc -l',
      );
      expect(listed).toContain('app.conf 640 1000:1001 11');
      expect(listed).toContain('deep/data.bin 644 1000:1001 300000');
      expect(listed).toContain('app.conf\n');
      expect(listed.trim().split('\n').at(-1)?.trim()).toBe(String(3 + HOSTILE.length));
      // Nothing staged is left behind.
      expect(await sh(vol, 'ls -a')).not.toContain('.volscope-copy');
    });

    it('back out to this machine: every name byte for byte, contents equal, links as links', async () => {
      const back = join(work, 'back');
      const result = await cp(`${vol}:/owned/src`, back);
      expect(result.code, result.stderr).toBe(0);
      const names = readdirSync(Buffer.from(back), {encoding: 'buffer'})
        .map((n) => n.toString('hex'))
        .sort();
      const expected = readdirSync(Buffer.from(src), {encoding: 'buffer'})
        .filter((n) => n.toString() !== 'a-fifo')
        .map((n) => n.toString('hex'))
        .sort();
      expect(names).toEqual(expected);
      for (const name of HOSTILE)
        expect(readFileSync(Buffer.concat([Buffer.from(`${back}/`), name])).equals(name)).toBe(true);
      expect(readlinkSync(join(back, 'conf-link'))).toBe('app.conf');
      expect(statSync(join(back, 'app.conf')).mode & 0o777).toBe(0o640);
      expect(readFileSync(join(back, 'deep', 'data.bin')).equals(Buffer.alloc(300_000, 7))).toBe(true);
      // Into an existing folder a file keeps its name, as cp does.
      expect((await cp(`${vol}:/owned/src/app.conf`, work)).code).toBe(0);
      expect(readFileSync(join(work, 'app.conf'), 'utf8')).toBe('port: 8080\n');
    });

    it('-a keeps owners and times; --chown sets them', async () => {
      const file = join(work, 'timed.txt');
      writeFileSync(file, 'kept');
      const past = new Date('2024-01-02T03:04:05Z');
      const {utimesSync, chownSync} = await import('node:fs');
      chownSync(file, 4321, 4322);
      utimesSync(file, past, past);
      expect((await cp('-a', file, `${vol}:/kept.txt`)).code).toBe(0);
      expect((await cp('--chown', '55:66', file, `${vol}:/chowned.txt`)).code).toBe(0);
      const stats = await sh(vol, 'stat -c "%n %u:%g %Y" kept.txt chowned.txt');
      if (!podman) {
        expect(stats).toContain(`kept.txt 4321:4322 ${past.getTime() / 1000}`);
        expect(stats).toContain('chowned.txt 55:66');
      }
      expect(stats).toContain('kept.txt');
    });

    it('volume to volume on one engine: the tree, names and links', async () => {
      const result = await cp(`${vol}:/owned/src`, `${other}:/copy`);
      expect(result.code, result.stderr).toBe(0);
      const tree = (volume: string, dir: string) =>
        sh(volume, `cd ${dir} && find . | sort | od -c | head -c 100000; find . -type f -exec sha256sum {} + | sort`);
      expect(await tree(other, 'copy')).toBe(await tree(vol, 'owned/src'));
    });

    it('a link in the volume that leads out: writing and reading through it are refused, naming it; nothing lands anywhere', async () => {
      const write = await cp(join(src, 'app.conf'), `${vol}:/out/app.conf`);
      expect(write.code).toBe(1);
      expect(write.stderr).toContain(`${vol}:/out is a link that leads outside the volume (to /etc)`);
      const onto = await cp(join(src, 'app.conf'), `${vol}:/out`);
      expect(onto.code).toBe(1);
      expect(onto.stderr).toContain('/out is a link that leads outside the volume');
      const read = await cp(`${vol}:/out/passwd`, join(work, 'passwd'));
      expect(read.code).toBe(1);
      expect(read.stderr).toContain('/out is a link that leads outside the volume');
      expect(() => lstatSync(join(work, 'passwd'))).toThrow();
      // A link that stays inside is followed, as cp follows it.
      expect((await cp(join(src, 'app.conf'), `${vol}:/in/via-link.conf`)).code).toBe(0);
      expect(await sh(vol, 'cat owned/via-link.conf; ls -a')).toMatch(/port: 8080[\s\S]*/);
      expect(await sh(vol, 'ls -a')).not.toContain('.volscope-copy');
    });

    it("errors in cp's words, exit 1; --read-only refuses to write (exit 2)", async () => {
      const missing = await cp(join(work, 'nope'), `${vol}:/`);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("cannot stat '");
      expect(missing.stderr).toContain('No such file or directory');
      const gone = await cp(`${vol}:/nope`, work);
      expect(gone.stderr).toContain(`${vol}:/nope: No such file or directory`);
      const noFolder = await cp(join(src, 'app.conf'), `${vol}:/no/such/dir`);
      expect(noFolder.stderr).toContain('/no: No such file or directory');
      const folderOnFile = await cp(src, `${vol}:/kept.txt`);
      expect(folderOnFile.code).toBe(1);
      expect(folderOnFile.stderr).toContain('with directory');
      const noVolume = await cp(join(src, 'app.conf'), `${vol}-missing:/`);
      expect(noVolume.stderr).toContain(`no volume named ${vol}-missing`);
      expect(await docker(engine, 'volume', 'ls', '-q')).not.toContain(`${vol}-missing`);
      const readOnly = await runCli(['--read-only', 'cp', join(src, 'app.conf'), `${vol}:/`, ...host], env);
      expect(readOnly.code).toBe(2);
    });

    it('edit: an EDITOR that appends a line; content, owner and mode kept, the old one kept with --backup; a binary file refused', async () => {
      await sh(
        vol,
        'printf "a: 1\\n" > conf.yml && chown 33:44 conf.yml && chmod 640 conf.yml && printf "\\000\\001" > blob.bin',
      );
      const editor = join(work, 'append.sh');
      writeFileSync(editor, '#!/bin/sh\necho "b: 2" >> "$1"\n', {mode: 0o755});
      const edited = await runCli(['edit', `${vol}:/conf.yml`, '--backup', ...host], {
        ...env,
        EDITOR: editor,
        VISUAL: '',
      });
      expect(edited.code, edited.stderr).toBe(0);
      expect(edited.stdout).toContain(`Wrote ${vol}:/conf.yml`);
      expect(
        await sh(vol, 'cat conf.yml; stat -c "%u:%g %a" conf.yml conf.yml.volscope-bak; cat conf.yml.volscope-bak'),
      ).toBe('a: 1\nb: 2\n33:44 640\n33:44 640\na: 1');
      const binary = await runCli(['edit', `${vol}:/blob.bin`, ...host], {...env, EDITOR: editor, VISUAL: ''});
      expect(binary.code).toBe(1);
      expect(binary.stderr).toContain('is binary');
      expect(await sh(vol, 'od -An -c blob.bin')).toMatch(/\\0 +001/);
    });

    it('edit: a file changed in the volume meanwhile is not overwritten; the edit is kept here and named', async () => {
      const editor = join(work, 'race.sh');
      writeFileSync(
        editor,
        `#!/bin/sh\necho "mine" >> "$1"\ndocker -H ${engine.url} run --rm -v ${vol}:/v ${TEST_IMAGE} sh -c 'echo theirs >> /v/conf.yml'\n`,
        {mode: 0o755},
      );
      const raced = await runCli(['edit', `${vol}:/conf.yml`, ...host], {...env, EDITOR: editor, VISUAL: ''});
      expect(raced.code).toBe(1);
      expect(raced.stderr).toContain('changed in the volume while you edited it; nothing was written');
      const kept = /kept in (\S+)/.exec(raced.stderr)?.[1] ?? '';
      expect(readFileSync(kept, 'utf8')).toBe('a: 1\nb: 2\nmine\n');
      expect(await sh(vol, 'cat conf.yml')).toBe('a: 1\nb: 2\ntheirs');
      expect(await sh(vol, 'ls -a')).not.toContain('.volscope-edit');
    });

    it('Ctrl+C mid-copy: no partial file under the final name, the staging folder removed', async () => {
      const big = join(work, 'big.bin');
      writeFileSync(big, Buffer.alloc(1));
      const {truncateSync} = await import('node:fs');
      truncateSync(big, 1_500_000_000);
      const child = spawn(process.execPath, [BIN, 'cp', big, `${vol}:/big.bin`, ...host], {
        env: {...process.env, ...env, XDG_STATE_HOME: STATE_HOME},
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // The copy is under way once the engine has begun to unpack into the staging folder.
      await until(
        async () => (await sh(vol, 'ls -a')).includes('.volscope-copy') || undefined,
        60_000,
        'the staging folder',
      );
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toContain('cancelled');
      expect(await sh(vol, 'ls -a')).not.toMatch(/big\.bin|\.volscope-copy/);
    }, 120_000);
  },
  [...ENGINES, PODMAN],
);
