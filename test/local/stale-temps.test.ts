import {mkdtempSync, readdirSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {clearStaleTemps, HOST_TAG, ownedTempName, tempFilesIn} from '../../src/local/stale-temps.js';
import {parseTempName, tempName} from '../../src/model/temp-names.js';

describe("volscope's temporary files", () => {
  it('carry the final name, the host and the pid', () => {
    const name = tempName('db.tar.gz', {host: 'a1b2c3d4', pid: 4242}, '0badf00d');
    expect(name).toBe('.db.tar.gz.volscope-a1b2c3d4-4242-0badf00d.tmp');
    expect(parseTempName(name)).toEqual({name: 'db.tar.gz', owner: {host: 'a1b2c3d4', pid: 4242}});
    expect(parseTempName('.db.tar.gz.volscope-0badf00d.tmp')).toEqual({name: 'db.tar.gz'});
    expect(parseTempName('.db.tar.gz.volscope-0badf00d.tmp.bak')).toBeUndefined();
    expect(parseTempName('db.tar.gz')).toBeUndefined();
    expect(parseTempName(ownedTempName('x'))?.owner).toEqual({host: HOST_TAG, pid: process.pid});
  });

  it("a write clears those of dead runs here; a live run's, another host's, a recent one without owner and other files stay", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'volscope-temps-'));
    const dead = tempName('a.tar.gz', {host: HOST_TAG, pid: 999_999_1}, '00000001');
    const live = tempName('b.tar.gz', {host: HOST_TAG, pid: process.pid}, '00000002');
    const elsewhere = tempName('c.tar.gz', {host: 'ffffffff', pid: 999_999_1}, '00000003');
    const ownerlessOld = '.d.tar.gz.volscope-00000004.tmp';
    const ownerlessNew = '.e.tar.gz.volscope-00000005.tmp';
    const foreign = '.f.tar.gz.volscope-00000006.tmp.keep';
    for (const file of [dead, live, elsewhere, ownerlessOld, ownerlessNew, foreign])
      writeFileSync(join(folder, file), 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(folder, ownerlessOld), twoDaysAgo, twoDaysAgo);
    const isAlive = (pid: number) => pid === process.pid;
    expect((await tempFilesIn(folder, isAlive)).map((t) => [t.file, t.verdict]).sort()).toEqual(
      [
        [dead, 'stale'],
        [live, 'live'],
        [elsewhere, 'elsewhere'],
        [ownerlessOld, 'stale'],
        [ownerlessNew, 'live'],
      ].sort(),
    );
    expect((await clearStaleTemps(folder, isAlive)).sort()).toEqual([dead, ownerlessOld].sort());
    expect(readdirSync(folder).sort()).toEqual([live, elsewhere, ownerlessNew, foreign].sort());
  });
});
