import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import {join} from 'node:path';
import {randomBytes} from 'node:crypto';
import {generateIdentity, identityToRecipient} from 'age-encryption';
import {beforeAll, describe, expect, it} from 'vitest';
import {OpError} from '../../src/ops/errors.js';
import {extract} from '../../src/ops/extract.js';
import {hostileVariants} from '../helpers/archive-corpus.js';
import {backupOf, sampleTree, tarOf} from '../helpers/indexed-archive.js';
import {scratchFolders} from '../helpers/scratch.js';

const fresh = scratchFolders('volscope-extract-');

describe('extract: chosen files of a backup into a folder here', () => {
  let archive = '';
  beforeAll(async () => {
    archive = await backupOf(tarOf(sampleTree()));
  });

  it('a file, with its folder made as the archive has it, by seeking', async () => {
    const out = fresh();
    const result = await extract({archive, paths: ['conf/app.yml'], folder: out, existing: 'refuse'});
    expect(result.scanned).toBeUndefined();
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('port: 8080\n');
    expect(readdirSync(out)).toEqual(['conf']);
    expect(statSync(join(out, 'conf', 'app.yml')).mode & 0o777).toBe(0o644);
  });

  it('a folder, a symlink as a link, and a hard link alone as the file it is', async () => {
    const out = fresh();
    await extract({archive, paths: ['conf', 'link', 'hard.bin'], folder: out, existing: 'refuse'});
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('port: 8080\n');
    expect(readlinkSync(join(out, 'link'))).toBe('conf/app.yml');
    expect(statSync(join(out, 'hard.bin')).size).toBe(3_000_001);
    expect(existsSync(join(out, 'big.bin'))).toBe(false);
  });

  it('a hard-linked pair stays linked', async () => {
    const out = fresh();
    await extract({archive, paths: ['hard.bin', 'big.bin'], folder: out, existing: 'refuse'});
    expect(statSync(join(out, 'hard.bin')).ino).toBe(statSync(join(out, 'big.bin')).ino);
  });

  it('files already there: named and nothing written, or skipped, or overwritten whole', async () => {
    const out = fresh();
    mkdirSync(join(out, 'conf'));
    writeFileSync(join(out, 'conf', 'app.yml'), 'mine\n');
    const refused = await extract({archive, paths: ['conf', 'empty.txt'], folder: out, existing: 'refuse'}).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(OpError);
    expect((refused as OpError).reason).toBe('exists');
    expect((refused as OpError).message).toContain('conf/app.yml');
    expect(existsSync(join(out, 'empty.txt'))).toBe(false);
    const skipped = await extract({archive, paths: ['conf', 'empty.txt'], folder: out, existing: 'skip'});
    expect(skipped.skipped).toEqual(['conf/app.yml']);
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(out, 'empty.txt'))).toBe(true);
    await extract({archive, paths: ['conf'], folder: out, existing: 'overwrite'});
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('port: 8080\n');
    expect(readdirSync(out).filter((n) => n.startsWith('.volscope'))).toEqual([]);
  });

  it('a path the archive does not hold is named', async () => {
    await expect(extract({archive, paths: ['nope/x'], folder: fresh(), existing: 'refuse'})).rejects.toThrow(
      /holds no "nope\/x"/,
    );
  });

  it('every hostile archive of the corpus is refused, and nothing lands outside the folder', async () => {
    for (const variant of await hostileVariants()) {
      const dir = fresh();
      const path = join(dir, 'hostile.tar.gz');
      writeFileSync(path, variant.bytes);
      const out = join(dir, 'out');
      const result = await extract({archive: path, paths: ['.'], folder: out, existing: 'refuse'}).then(
        () => 'extracted',
        (error: unknown) => (error as Error).message,
      );
      if (variant.kind === 'hostile entry') expect(result, variant.name).not.toBe('extracted');
      expect(readdirSync(dir).sort(), variant.name).toEqual(
        existsSync(out) ? ['hostile.tar.gz', 'out'] : ['hostile.tar.gz'],
      );
      expect(existsSync('/tmp/volscope-escaped.txt')).toBe(false);
      if (existsSync(out)) expect(readdirSync(out).filter((n) => n.startsWith('.volscope'))).toEqual([]);
      expect(lstatSync(dir).isDirectory()).toBe(true);
    }
  });

  it('an encrypted archive keeps its index inside the encryption: one file comes out by seeking, with the key', async () => {
    const identity = await generateIdentity();
    const tree = sampleTree();
    // Incompressible, so the archive has several gzip members and a seek has something to skip.
    writeFileSync(join(tree, 'random.bin'), randomBytes(4_000_000));
    const sealed = await backupOf(tarOf(tree), {recipients: [await identityToRecipient(identity)]});
    expect(readFileSync(sealed).includes(Buffer.from('volscope-index:'))).toBe(false);
    const out = fresh();
    const unlock = {identities: [identity], passphrases: []};
    const result = await extract({archive: sealed, paths: ['conf/app.yml'], folder: out, existing: 'refuse', unlock});
    expect(result.scanned).toBeUndefined();
    expect(result.read.bytes).toBeLessThan(result.read.of / 2);
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('port: 8080\n');
    await expect(extract({archive: sealed, paths: ['conf'], folder: fresh(), existing: 'refuse'})).rejects.toThrow(
      /encrypted: give the key/,
    );
  });

  it('a damaged index is not trusted: the archive is scanned once and the file still comes out', async () => {
    const path = await backupOf(tarOf(sampleTree()));
    const bytes = readFileSync(path);
    // The trailer's pointer is in the last bytes: its SHA-256 of the index no longer matches.
    bytes[bytes.length - 40]! ^= 0xff;
    writeFileSync(path, bytes);
    const out = fresh();
    const result = await extract({archive: path, paths: ['conf/app.yml'], folder: out, existing: 'refuse'});
    expect(result.scanned).toMatch(/index is damaged|no index/);
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('port: 8080\n');
  });
});
