import {execFileSync, spawn} from 'node:child_process';
import {linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect} from 'vitest';
import type {Encryption} from '../../src/local/age.js';
import {writeBackup} from '../../src/local/backup-file.js';
import {storeAccess} from '../../src/local/random-access.js';
import {manifestFor} from '../../src/model/backup-manifest.js';
import {FolderStore} from '../../src/targets/folder.js';
import {volume} from './fixtures.js';

/** Every entry type tar has for a volume, and names a terminal or a parser could choke on. */
export function sampleTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'volscope-index-'));
  mkdirSync(join(root, 'conf'));
  writeFileSync(join(root, 'conf', 'app.yml'), 'port: 8080\n');
  writeFileSync(join(root, 'empty.txt'), '');
  mkdirSync(join(root, 'd'.repeat(120)));
  writeFileSync(join(root, 'd'.repeat(120), `${'f'.repeat(130)}.txt`), 'long name\n');
  writeFileSync(join(root, 'big.bin'), Buffer.alloc(3_000_001, 7));
  linkSync(join(root, 'big.bin'), join(root, 'hard.bin'));
  symlinkSync('conf/app.yml', join(root, 'link'));
  writeFileSync(join(root, 'line\nbreak \u001b[31mred'), 'hostile\n');
  writeFileSync(join(root, 'ünï 🦀.txt'), 'wide\n');
  execFileSync('mkfifo', [join(root, 'pipe')]);
  return root;
}

export function tarOf(root: string): AsyncIterable<Buffer> {
  return spawn('tar', ['-C', root, '--format=pax', '-cf', '-', '.']).stdout as AsyncIterable<Buffer>;
}

export async function backupOf(tar: AsyncIterable<Buffer>, encryption?: Encryption): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'volscope-index-out-'));
  const path = join(folder, encryption ? 'v.tar.gz.age' : 'v.tar.gz');
  const result = await writeBackup(
    tar,
    {kind: 'file', path},
    {manifest: manifestFor(volume('v'), new Date()), level: 1, ...(encryption ? {encryption} : {})},
  );
  expect(result.check?.problems).toEqual([]);
  return path;
}

export const access = (path: string) => storeAccess(new FolderStore(join(path, '..')), 'v.tar.gz');
