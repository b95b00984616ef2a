import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {
  ENGINES,
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
} from '../helpers/engines.js';

/** Podman's archive API reports every owner as 0:0 (its own limit, plain backups alike), so owners are compared on Docker only. */
const hashes = (podman: boolean) => [
  'sh',
  '-c',
  `cd "$1" && find . -exec stat -c "%n %a ${podman ? '' : '%u '}%s" {} + | sort && find . -type f -exec sha256sum {} + | sort`,
  'hashes',
];
const MARKER = 'plaintext-marker-that-must-never-reach-the-disk';
// Long enough that 300 KB of ciphertext cannot hold it by chance (a 4-byte word did, once in CI).
const LABEL_VALUE = 'ops-ledger-label-value-kept-secret';

/** A key pair made by the reference age CLI. */
function keygen(dir: string, name: string): {key: string; recipient: string} {
  const key = join(dir, `${name}.key`);
  execFileSync('age-keygen', ['-o', key], {stdio: 'ignore'});
  return {key, recipient: execFileSync('age-keygen', ['-y', key], {encoding: 'utf8'}).trim()};
}

describe('the reference age CLI is installed (scripts/test-engine.sh)', () => {
  it('age and age-keygen answer', () => {
    expect(execFileSync('age', ['--version'], {encoding: 'utf8'})).toMatch(/\d/);
  });
});

describeEachEngine(
  'encrypted backups with age, against the reference age CLI',
  (engine) => {
    const volume = uniqueName('sealed');
    const dir = mkdtempSync(join(tmpdir(), 'volscope-age-it-'));
    const alice = keygen(dir, 'alice');
    const bob = keygen(dir, 'bob');
    const mallory = keygen(dir, 'mallory');
    const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
    const host = ['--host', engine.url];
    const tree = (name: string) =>
      docker(
        engine,
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `${name}:/v:ro`,
        TEST_IMAGE,
        ...hashes(engine === PODMAN),
        '/v',
      );
    let archive = '';

    beforeAll(async () => {
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, '--label', `team=${LABEL_VALUE}`, volume);
      await docker(
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
        `cd /v && mkdir -p etc && i=0; while [ $i -lt 2000 ]; do echo "${MARKER} $i"; i=$((i+1)); done > etc/app.conf && head -c 300000 /dev/urandom > blob && ln -s etc/app.conf link && chown 1000:1000 blob`,
      );
    }, 120_000);
    const unlabelled: string[] = [];
    afterAll(async () => {
      for (const name of unlabelled) await docker(engine, 'volume', 'rm', '-f', name).catch(() => undefined);
      await cleanEngine(engine);
    });

    it('backup --encrypt-to writes NAME.tar.gz.age that `age -d | tar tz` lists; no plaintext byte and no temp file on the disk', async () => {
      const out = join(dir, engine.name);
      mkdirSync(out);
      const result = await runCli(['backup', volume, '-o', out, '--encrypt-to', alice.recipient, ...host], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('age-encrypted for 1 X25519 recipient; read through inside');
      const names = readdirSync(out);
      expect(names.sort()).toEqual([
        expect.stringMatching(/\.tar\.gz\.age$/),
        expect.stringMatching(/\.tar\.gz\.age\.sha256$/),
      ]);
      archive = join(out, names.find((n) => n.endsWith('.age'))!);
      const listed = execFileSync('sh', ['-c', `age -d -i "$1" "$2" | tar tz`, 'sh', alice.key, archive], {
        encoding: 'utf8',
      });
      // Docker's archive names entries ./x, Podman's x.
      const entries = listed.split('\n').map((name) => name.replace(/^\.\//, ''));
      expect(entries).toEqual(expect.arrayContaining(['etc/app.conf', 'blob', 'link']));
      execFileSync('sha256sum', ['-c', `${archive}.sha256`], {cwd: out});
      const raw = readFileSync(archive);
      expect(raw.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
      // The manifest is inside the encryption too: neither the volume's name nor its label shows.
      for (const text of [MARKER, volume, LABEL_VALUE]) expect(raw.includes(text), text).toBe(false);
    });

    it('verify without a key checks only the outer checksum and says so; with -i it reads through; a wrong key names what it was made for', async () => {
      const outer = await runCli(['verify', archive]);
      expect(outer.code, outer.stderr).toBe(0);
      expect(outer.stdout).toContain('only its outer checksum was checked, not the archive inside');
      expect(outer.stdout).toContain('(matches .sha256)');
      const inside = await runCli(['verify', archive, '-i', alice.key]);
      expect(inside.code, inside.stderr).toBe(0);
      expect(inside.stdout).toMatch(new RegExp(`volume ${volume}, driver local, 2 labels`));
      const wrong = await runCli(['verify', archive, '-i', mallory.key]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('it was encrypted for 1 X25519 recipient (age does not record whose)');
      expect(wrong.stderr).toContain(mallory.recipient);
      expect(wrong.stderr).toContain('-i KEYFILE');
      expect(wrong.stderr).not.toMatch(/\n\s+at /);
    });

    it('restore -i puts the same tree back, labels as recorded; without a key or with the wrong one nothing is created', async () => {
      const target = uniqueName('sealed-back');
      const refused = await runCli(['restore', archive, target, ...host], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('encrypted with age for 1 X25519 recipient');
      const wrong = await runCli(['restore', archive, target, '-i', mallory.key, ...host], env);
      expect(wrong.code).toBe(1);
      expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${target}`)).toBe('');
      const restored = await runCli(['restore', archive, target, '-i', alice.key, ...host], env);
      expect(restored.code, restored.stderr).toBe(0);
      expect(await tree(target)).toBe(await tree(volume));
      expect(await docker(engine, 'volume', 'inspect', '-f', '{{index .Labels "team"}}', target)).toBe(LABEL_VALUE);
    });

    it('restores what `tar cz | age -r` wrote (the recipe), from a file and from stdin', async () => {
      const src = join(dir, `${engine.name}-recipe`);
      execFileSync('mkdir', ['-p', join(src, 'sub')]);
      writeFileSync(join(src, 'sub', 'hello.txt'), 'hello from the recipe\n');
      const recipe = join(dir, `${engine.name}-recipe.tar.gz.age`);
      execFileSync('sh', ['-c', `tar cz -C "$1" . | age -r "$2" -o "$3"`, 'sh', src, bob.recipient, recipe]);
      // Archives without a manifest are restored into plain volumes, without the test label: named for afterAll.
      const target = uniqueName('recipe');
      unlabelled.push(target);
      const fromFile = await runCli(['restore', recipe, target, '-i', bob.key, ...host], env);
      expect(fromFile.code, fromFile.stderr).toBe(0);
      expect(await docker(engine, 'run', '--rm', '-v', `${target}:/v:ro`, TEST_IMAGE, 'cat', '/v/sub/hello.txt')).toBe(
        'hello from the recipe',
      );
      const piped = uniqueName('recipe-stdin');
      unlabelled.push(piped);
      const fromStdin = await runCli(
        ['restore', '-', piped, '-i', bob.key, ...host],
        env,
        undefined,
        readFileSync(recipe),
      );
      expect(fromStdin.code, fromStdin.stderr).toBe(0);
      expect(await tree(piped)).toBe(await tree(target));
    });

    it('a recipients file encrypts for each key in it; a passphrase from a file or a descriptor works both ways, a wrong one is refused', async () => {
      const recipients = join(dir, 'team.txt');
      writeFileSync(recipients, `# the team\n${alice.recipient}\n\n${bob.recipient}\n`);
      const both = join(dir, `${engine.name}-both.tar.gz.age`);
      const made = await runCli(['backup', volume, '-o', both, '--recipients-file', recipients, ...host], env);
      expect(made.code, made.stderr).toBe(0);
      for (const key of [alice.key, bob.key])
        expect(
          execFileSync('sh', ['-c', `age -d -i "$1" "$2" | tar tz | wc -l`, 'sh', key, both], {
            encoding: 'utf8',
          }).trim(),
        ).not.toBe('0');
      const pass = join(dir, 'pass.txt');
      writeFileSync(pass, 'a long passphrase for the tests\n');
      const sealed = join(dir, `${engine.name}-pass.tar.gz.age`);
      const written = await runCli(['backup', volume, '-o', sealed, '--passphrase-file', pass, ...host], env);
      expect(written.code, written.stderr).toBe(0);
      expect(written.stdout).toContain('age-encrypted for a passphrase');
      const viaFd = await runCli(
        ['verify', sealed, '--passphrase-fd', '0'],
        {},
        undefined,
        'a long passphrase for the tests\n',
      );
      expect(viaFd.code, viaFd.stderr).toBe(0);
      expect(viaFd.stdout).toContain(`volume ${volume}`);
      const wrong = await runCli(['verify', sealed, '--passphrase-fd', '0'], {}, undefined, 'not it\n');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('encrypted for a passphrase, and the passphrase given does not open it');
    }, 60_000);

    it('verify --restore-test restores into a scratch volume, compares, removes it: "restore-tested on ENGINE at TIME"; a damaged archive exits 1 with the difference', async () => {
      const scratchLeft = () => docker(engine, 'volume', 'ls', '-q', '--filter', 'label=io.volscope.scratch');
      const good = await runCli(['verify', archive, '--restore-test', '-i', alice.key, ...host], env);
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toMatch(new RegExp(`restore-tested on ${engine.url.replace(/[/.]/g, '\\$&')} at 20\\d\\d-`));
      expect(good.stdout).toContain('landed as the archive describes them; the scratch volume is removed');
      expect(await scratchLeft()).toBe('');
      const locked = await runCli(['verify', archive, '--restore-test', ...host], env);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('restore test FAILED');
      expect(locked.stderr).toContain('-i KEYFILE');
      const damaged = join(dir, `${engine.name}-drill.tar.gz.age`);
      const bytes = Buffer.from(readFileSync(archive));
      bytes[Math.floor(bytes.length * 0.6)]! ^= 0x01;
      writeFileSync(damaged, bytes);
      const bad = await runCli(['verify', damaged, '--restore-test', '-i', alice.key, ...host], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/restore test FAILED on [^\n]*\n[\s\S]*does not authenticate/);
      expect(await scratchLeft()).toBe('');
      const readOnly = await runCli(['verify', archive, '--restore-test', '--read-only', ...host], env);
      expect(readOnly.code).toBe(2);
    }, 60_000);

    it('a damaged encrypted archive (no .sha256 to warn first) is refused as it streams, and the restore undone', async () => {
      const damaged = join(dir, `${engine.name}-damaged.tar.gz.age`);
      const bytes = Buffer.from(readFileSync(archive));
      bytes[Math.floor(bytes.length * 0.8)]! ^= 0x20;
      writeFileSync(damaged, bytes);
      const target = uniqueName('damaged');
      const result = await runCli(['restore', damaged, target, '-i', alice.key, ...host], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/does not authenticate/);
      expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${target}`)).toBe('');
    });
  },
  [...ENGINES, PODMAN],
);
