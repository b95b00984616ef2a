import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  until,
  startUser,
} from '../helpers/engines.js';

/** Varied content, made inside a container by a fixed script. */
const CONTENT = [
  'set -e; cd /v',
  'mkdir -p empty-dir deep/a/b/c docs',
  'printf "hello\\n" > docs/readme.txt; chmod 640 docs/readme.txt; chown 1234:5678 docs/readme.txt',
  'printf "#!/bin/sh\\n" > run.sh; chmod 755 run.sh',
  'touch -d "2020-01-02 03:04:05" docs/readme.txt',
  'ln -s docs/readme.txt link-to-readme; ln -s /nowhere dangling',
  'head -c 20000000 /dev/urandom > big.bin',
  'i=0; while [ $i -lt 500 ]; do echo "file $i" > deep/a/b/c/small-$i.txt; i=$((i+1)); done',
  'printf "x" > "with space"; printf "y" > -dash',
  // Names a backup must carry byte for byte: a newline, an escape sequence, bytes that are not UTF-8.
  'printf "n" > "$(printf "new\\nline")"; printf "e" > "$(printf "esc\\033]2;t\\007")"; printf "b" > "$(printf "bad\\377name")"',
].join('\n');

/** Name, mode, owner, mtime and type of every entry (a directory's size depends on the file system, content is in HASHES). */
const STAT = ['sh', '-c', 'cd "$1" && find . -exec stat -c "%n %a %u %g %Y %F" {} + | sort', 'stat'];
const HASHES = ['sh', '-c', 'cd "$1" && find . -type f -exec sha256sum {} + | sort', 'hashes'];

describeEachEngine('backup and verify on the real engine', (engine) => {
  const volume = uniqueName('backup');
  const folder = mkdtempSync(join(tmpdir(), 'volscope-backup-it-'));
  const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  const inVolume = async (argv: string[]) =>
    docker(engine, 'run', '--rm', '--network', 'none', '-v', `${volume}:/v:ro`, TEST_IMAGE, ...argv, '/v');

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(
      engine,
      'volume',
      'create',
      '--label',
      `${TEST_LABEL}=1`,
      '--label',
      'com.docker.compose.project=shop',
      volume,
    );
    await docker(engine, 'run', '--rm', '--network', 'none', '-v', `${volume}:/v`, TEST_IMAGE, 'sh', '-c', CONTENT);
  }, 120_000);
  afterAll(() => cleanEngine(engine));

  it('writes a .tar.gz that tar extracts to the same tree (content, modes, owners, mtimes, links, empty dirs) and that verifies', async () => {
    const file = join(folder, `${engine.name}.tar.gz`);
    const result = await runCli(['backup', volume, '-o', file, '--host', engine.url], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(': OK');
    expect(result.stdout).toMatch(new RegExp(`volume ${volume}, driver local, 2 labels`));
    expect(readFileSync(`${file}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64} {2}\S+\.tar\.gz\n$/);
    execFileSync('sha256sum', ['-c', `${file}.sha256`], {cwd: folder});
    // System GNU tar, as root so owners are kept: the archive is an ordinary one.
    const out = join(folder, `${engine.name}-x`);
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['xzf', file, '-C', out, '--same-owner', '-p']);
    // Read with the same busybox as the volume (GNU sha256sum escapes odd names differently).
    const local = (argv: string[]) =>
      docker(engine, 'run', '--rm', '--network', 'none', '-v', `${out}:/x:ro`, TEST_IMAGE, ...argv, '/x');
    expect(await local(HASHES)).toBe(await inVolume(HASHES));
    expect(await local(STAT)).toBe(await inVolume(STAT));
    expect(readdirSync(out, {encoding: 'buffer'}).map((name) => name.toString('latin1'))).toEqual(
      expect.arrayContaining(['bad\xffname', 'new\nline', 'esc\u001b]2;t\u0007']),
    );
    expect(execFileSync('readlink', [join(out, 'link-to-readme')], {encoding: 'utf8'}).trim()).toBe('docs/readme.txt');
    expect(readdirSync(join(out, 'empty-dir'))).toEqual([]);
    expect(await docker(engine, 'ps', '-aq', '--filter', `label=io.volscope.volume=${volume}`)).toBe('');
  }, 120_000);

  it('verify rejects a truncated archive and a tampered one, with exit 1', async () => {
    const file = join(folder, `${engine.name}-check.tar.gz`);
    expect((await runCli(['backup', volume, '-o', file, '--host', engine.url], env)).code).toBe(0);
    const bytes = readFileSync(file);
    const cut = join(folder, `${engine.name}-cut.tar.gz`);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const truncated = await runCli(['verify', cut]);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toMatch(/damaged or cut short/);
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 100]! ^= 0xff;
    writeFileSync(file, tampered);
    const bad = await runCli(['verify', file]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/problem: /);
  }, 120_000);

  it('streams to stdout with -o -', async () => {
    const piped = execFileSync(process.execPath, [BIN, 'backup', volume, '-o', '-', '--host', engine.url], {
      env: {...process.env, ...env},
      maxBuffer: 1 << 28,
    });
    const listing = execFileSync('tar', ['tzf', '-'], {input: piped, encoding: 'utf8', maxBuffer: 1 << 28});
    expect(listing).toContain('./docs/readme.txt');
  }, 120_000);

  it('a backup killed midway leaves no file under the final name and no helper', async () => {
    const file = join(folder, `${engine.name}-killed.tar.gz`);
    const child = spawn(process.execPath, [BIN, 'backup', volume, '-o', file, '--level', '9', '--host', engine.url], {
      env: {...process.env, ...env},
      stdio: 'ignore',
    });
    await until(
      () =>
        readdirSync(folder).some((name) => name.includes(`${engine.name}-killed`) && name.endsWith('.tmp'))
          ? true
          : undefined,
      10_000,
      'the temporary file',
    );
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
    expect(code).toBe(143);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(folder).filter((name) => name.includes(`${engine.name}-killed`))).toEqual([]);
    expect(await docker(engine, 'ps', '-aq', '--filter', `label=io.volscope.volume=${volume}`)).toBe('');
  }, 60_000);

  /** STAT lines of a volume, without the root itself (its mtime moves as the engine fills it). */
  const statOf = async (name: string) =>
    (await docker(engine, 'run', '--rm', '--network', 'none', '-v', `${name}:/v:ro`, TEST_IMAGE, ...STAT, '/v'))
      .split('\n')
      .filter((line) => !line.startsWith('. '))
      .join('\n');
  const hashesOf = (name: string) =>
    docker(engine, 'run', '--rm', '--network', 'none', '-v', `${name}:/v:ro`, TEST_IMAGE, ...HASHES, '/v');

  it('round trip: restore into a new volume gives back the tree and the recorded labels', async () => {
    const file = join(folder, `${engine.name}-rt.tar.gz`);
    expect((await runCli(['backup', volume, '-o', file, '--host', engine.url], env)).code).toBe(0);
    const target = uniqueName('restored');
    const result = await runCli(['restore', file, target, '--host', engine.url], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Restored \d+ entries .* \(created as recorded: driver local, 2 labels\)/);
    expect(await docker(engine, 'volume', 'inspect', '-f', '{{json .Labels}}', target)).toContain(
      '"com.docker.compose.project":"shop"',
    );
    expect(await hashesOf(target)).toBe(await hashesOf(volume));
    expect(await statOf(target)).toBe(await statOf(volume));
    // Into a volume that holds files: refused, nothing changed; --replace --yes empties it first.
    const again = await runCli(['restore', file, target, '--host', engine.url], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds files');
    await docker(engine, 'run', '--rm', '-v', `${target}:/v`, TEST_IMAGE, 'sh', '-c', 'echo extra > /v/extra.txt');
    expect((await runCli(['restore', '--replace', '--yes', file, target, '--host', engine.url], env)).code).toBe(0);
    expect(await hashesOf(target)).toBe(await hashesOf(volume));
  }, 180_000);

  it("restores the usual recipe's archive exactly, from stdin too", async () => {
    await docker(
      engine,
      'run',
      '--rm',
      '-v',
      `${volume}:/data:ro`,
      '-v',
      `${folder}:/b`,
      TEST_IMAGE,
      'tar',
      'czf',
      `/b/${engine.name}-recipe.tar.gz`,
      '-C',
      '/data',
      '.',
    );
    const target = uniqueName('from-recipe');
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, target);
    const piped = spawn(process.execPath, [BIN, 'restore', '-', target, '--host', engine.url], {
      env: {...process.env, ...env},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    piped.stdin.end(readFileSync(join(folder, `${engine.name}-recipe.tar.gz`)));
    let stderr = '';
    piped.stderr.on('data', (d) => (stderr += d));
    expect(await new Promise((resolve) => piped.on('exit', resolve)), stderr).toBe(0);
    expect(await hashesOf(target)).toBe(await hashesOf(volume));
    expect(await statOf(target)).toBe(await statOf(volume));
    // A plain .tar of the same recipe (tar cf), from a file, into a volume it creates.
    await docker(
      engine,
      'run',
      '--rm',
      '-v',
      `${volume}:/data:ro`,
      '-v',
      `${folder}:/b`,
      TEST_IMAGE,
      'tar',
      'cf',
      `/b/${engine.name}-recipe.tar`,
      '-C',
      '/data',
      '.',
    );
    const plain = uniqueName('from-plain-tar');
    const result = await runCli(
      ['restore', join(folder, `${engine.name}-recipe.tar`), plain, '--host', engine.url],
      env,
    );
    try {
      expect(result.code, result.stderr).toBe(0);
      expect(await hashesOf(plain)).toBe(await hashesOf(volume));
      expect(await statOf(plain)).toBe(await statOf(volume));
    } finally {
      // Created plain (the archive has no manifest), so without the test label: cleanEngine would not
      // find it. The restore's last helper may still be going away: asked until it is gone.
      await until(
        async () =>
          (await docker(engine, 'volume', 'rm', '-f', plain).then(
            () => true,
            () => false,
          )) || undefined,
        15_000,
        `${plain} to be removed`,
      );
    }
  }, 180_000);

  it('rejects truncated, tampered and escaping archives, and leaves nothing of a restore cut short', async () => {
    const file = join(folder, `${engine.name}-reject.tar.gz`);
    expect((await runCli(['backup', volume, '-o', file, '--host', engine.url], env)).code).toBe(0);
    const bytes = readFileSync(file);
    const cut = `${file}.cut.tar.gz`;
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    const evil = join(folder, `${engine.name}-evil.tar`);
    execFileSync('sh', [
      '-c',
      `cd ${folder} && mkdir -p e/x && echo pwn > e/x/f && tar cf ${evil} -C e --transform 's,^x,../../x,' x/f`,
    ]);
    // With the backup's .sha256 beside it, the cut file is refused before anything is written;
    // an entry climbing out of the volume is refused before it reaches the engine.
    writeFileSync(`${cut}.sha256`, readFileSync(`${file}.sha256`));
    for (const bad of [cut, evil]) {
      const target = uniqueName('rejected');
      const result = await runCli(['restore', bad, target, '--host', engine.url], env);
      expect(result.code, bad).toBe(1);
      expect(result.stderr).toMatch(/nothing was written/i);
      expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${target}`)).toBe('');
    }
    // Without a checksum the cut only shows at the end: the volume it created is removed again,
    // and a volume that was there (empty) is left empty.
    rmSync(`${cut}.sha256`);
    const created = uniqueName('cut-new');
    const gone = await runCli(['restore', cut, created, '--host', engine.url], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/cut short/);
    expect(gone.stderr).toContain('removed again');
    expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${created}`)).toBe('');
    const existing = uniqueName('cut-existing');
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, existing);
    const emptied = await runCli(['restore', cut, existing, '--host', engine.url], env);
    expect(emptied.code).toBe(1);
    expect(emptied.stderr).toContain('it is empty');
    expect(
      await docker(engine, 'run', '--rm', '--network', 'none', '-v', `${existing}:/v:ro`, TEST_IMAGE, 'ls', '-A', '/v'),
    ).toBe('');
    expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    const tampered = Buffer.from(bytes);
    tampered[200]! ^= 0xff;
    writeFileSync(file, tampered);
    const result = await runCli(['restore', file, uniqueName('tampered'), '--host', engine.url], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SHA-256 mismatch/);
    expect(result.stderr).toMatch(/nothing was written/i);
  }, 180_000);

  it('clones engine to engine with labels, and refuses a destination that holds files', async () => {
    const target = uniqueName('clone');
    const result = await runCli(['clone', volume, target, '--host', engine.url], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Cloned .* \(created, 2 labels copied\)/);
    expect(await hashesOf(target)).toBe(await hashesOf(volume));
    expect(await statOf(target)).toBe(await statOf(volume));
    const again = await runCli(['clone', volume, target, '--host', engine.url], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds files');
    expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
  }, 180_000);

  it('stops running containers for a backup or a restore when asked, and starts them again', async () => {
    const runner = uniqueName('runner');
    await startUser(engine, [`${volume}:/data`], {name: runner});
    try {
      const file = join(folder, `${engine.name}-stopped.tar.gz`);
      const warned = await runCli(['backup', volume, '-o', `${file}.warn.tar.gz`, '--host', engine.url], env);
      expect(warned.code).toBe(0);
      expect(warned.stderr).toContain(`in use by a running container (${runner})`);
      const result = await runCli(['backup', volume, '-o', file, '--stop-containers', '--host', engine.url], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`stopping ${runner} for the duration`);
      expect(result.stderr).toContain(`started ${runner} again`);
      expect(await docker(engine, 'inspect', '-f', '{{.State.Running}}', runner)).toBe('true');
      const refused = await runCli(['restore', '--replace', '--yes', file, volume, '--host', engine.url], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--stop-containers');
      const restored = await runCli(
        ['restore', '--replace', '--yes', '--stop-containers', file, volume, '--host', engine.url],
        env,
      );
      expect(restored.code, restored.stderr).toBe(0);
      expect(await docker(engine, 'inspect', '-f', '{{.State.Running}}', runner)).toBe('true');
    } finally {
      await docker(engine, 'rm', '-f', runner);
    }
  }, 180_000);

  it('a paused container counts as in use: warned about, stopped for the duration, and paused again afterwards', async () => {
    const sleeper = uniqueName('paused');
    await startUser(engine, [`${volume}:/data`], {name: sleeper});
    await docker(engine, 'pause', sleeper);
    try {
      const file = join(folder, `${engine.name}-paused.tar.gz`);
      const warned = await runCli(['backup', volume, '-o', `${file}.warn.tar.gz`, '--host', engine.url], env);
      expect(warned.code, warned.stderr).toBe(0);
      expect(warned.stderr).toContain(`in use by a running container (${sleeper})`);
      const result = await runCli(['backup', volume, '-o', file, '--stop-containers', '--host', engine.url], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`stopping ${sleeper} for the duration`);
      expect(result.stderr).toContain('the paused ones paused again');
      expect(await docker(engine, 'inspect', '-f', '{{.State.Status}}', sleeper)).toBe('paused');
      const refused = await runCli(['restore', '--replace', '--yes', file, volume, '--host', engine.url], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`running containers use it (${sleeper})`);
    } finally {
      await docker(engine, 'rm', '-f', sleeper);
    }
  }, 180_000);

  it('round trip at size: a 200 MB file and 5,000 small files', async () => {
    const big = uniqueName('backup-big');
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
      'head -c 200000000 /dev/urandom > /v/big.bin; i=0; while [ $i -lt 50 ]; do mkdir /v/d$i; j=0; set --; while [ $j -lt 100 ]; do set -- "$@" /v/d$i/f$j; j=$((j+1)); done; for f in "$@"; do echo "$f" > "$f"; done; i=$((i+1)); done',
    );
    const file = join(folder, `${engine.name}-big.tar.gz`);
    expect((await runCli(['backup', big, '-o', file, '--level', '1', '--host', engine.url], env)).code).toBe(0);
    const target = uniqueName('big-restored');
    const restored = await runCli(['restore', file, target, '--host', engine.url], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored 5,?05\d entries/);
    const hashes = (name: string) =>
      docker(engine, 'run', '--rm', '--network', 'none', '-v', `${name}:/v:ro`, TEST_IMAGE, ...HASHES, '/v');
    expect(await hashes(target)).toBe(await hashes(big));
    expect(await statOf(target)).toBe(await statOf(big));
  }, 300_000);
});
