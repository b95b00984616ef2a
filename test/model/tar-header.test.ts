import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {padding, TAR_END, tarHeader} from '../../src/model/tar-header.js';

describe('tar headers written from bytes', () => {
  it('GNU tar reads every type, long names and link targets (pax), names that are not UTF-8, owners and times', () => {
    const odd = Buffer.from([0x62, 0x61, 0x64, 0xff, 0x0a]);
    const long = Buffer.from(`d/${'n'.repeat(180)}`);
    const content = Buffer.from('hello');
    const tar = Buffer.concat([
      tarHeader({
        name: Buffer.from('d'),
        type: 'directory',
        mode: 0o750,
        uid: 0,
        gid: 0,
        size: 0,
        mtime: 1_700_000_000,
      }),
      tarHeader({name: long, type: 'file', mode: 0o640, uid: 0, gid: 0, size: 5, mtime: 1_600_000_000}),
      content,
      padding(5),
      tarHeader({
        name: Buffer.concat([Buffer.from('d/'), odd]),
        type: 'file',
        mode: 0o600,
        uid: 0,
        gid: 0,
        size: 0,
        mtime: 0,
      }),
      tarHeader({
        name: Buffer.from('d/link'),
        type: 'symlink',
        mode: 0o777,
        uid: 0,
        gid: 0,
        size: 0,
        mtime: 0,
        linkname: Buffer.from(`../${'t'.repeat(150)}`),
      }),
      tarHeader({
        name: Buffer.from('d/hard'),
        type: 'link',
        mode: 0o640,
        uid: 0,
        gid: 0,
        size: 0,
        mtime: 0,
        linkname: long,
      }),
      TAR_END,
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'volscope-tar-header-'));
    writeFileSync(join(dir, 'a.tar'), tar);
    execFileSync('tar', ['-xf', 'a.tar', '--numeric-owner'], {cwd: dir});
    expect(readFileSync(join(dir, long.toString())).toString()).toBe('hello');
    expect(statSync(join(dir, long.toString())).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, long.toString())).mtimeMs).toBe(1_600_000_000_000);
    expect(readlinkSync(join(dir, 'd', 'link'))).toBe(`../${'t'.repeat(150)}`);
    expect(statSync(join(dir, 'd', 'hard')).ino).toBe(statSync(join(dir, long.toString())).ino);
    const names = readdirSync(Buffer.from(join(dir, 'd')), {encoding: 'buffer'});
    expect(names.some((n) => n.equals(odd))).toBe(true);
    expect(statSync(join(dir, 'd')).mode & 0o777).toBe(0o750);
  });
});
