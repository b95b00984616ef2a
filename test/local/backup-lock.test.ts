import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {LOCK_ABANDONED_AFTER_MS, LOCK_NAME, lockBackupDir} from '../../src/local/backup-lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'volscope-lock-'));
/** A pid no process has: one that has just exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
const holder = (dir: string, host: string, pid: number, ageMs = 0) => {
  const path = join(dir, LOCK_NAME);
  writeFileSync(path, `${JSON.stringify({host, pid, since: '2026-12-01T00:00:00.000Z'})}\n`);
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
};

describe('the backup folder lock', () => {
  it('is taken whole and released, leaving nothing behind', async () => {
    const dir = folder();
    const release = await lockBackupDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_NAME), 'utf8'))).toMatchObject({host: hostname(), pid: process.pid});
    expect(readdirSync(dir)).toEqual([LOCK_NAME]);
    await release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses while a live run of this host holds it, even with --break-lock', async () => {
    const dir = folder();
    const release = await lockBackupDir(dir);
    await expect(lockBackupDir(dir)).rejects.toThrow(/Another volscope backup is writing to .* \(pid \d+ on /);
    await expect(lockBackupDir(dir, {breakLock: true})).rejects.toThrow(/this run does nothing/);
    await release();
  });

  it('takes over the lock of a run of this host that is gone, and says so', async () => {
    const dir = folder();
    const gone = deadPid();
    holder(dir, hostname(), gone);
    const lines: string[] = [];
    const release = await lockBackupDir(dir, {log: (line) => lines.push(line)});
    expect(lines).toEqual([expect.stringContaining(`left by pid ${gone} on ${hostname()}`)]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_NAME), 'utf8')).pid).toBe(process.pid);
    await release();
  });

  it("respects another host's fresh lock without naming --break-lock", async () => {
    const dir = folder();
    holder(dir, 'elsewhere.example', 4242, 5 * 60_000);
    const refused = await lockBackupDir(dir).catch((error: Error) => error.message);
    expect(refused).toMatch(/pid 4242 on elsewhere\.example.*this run does nothing\.$/);
    expect(refused).not.toContain('--break-lock');
  });

  it("reports another host's stale lock with the command that breaks it, and --break-lock takes it", async () => {
    const dir = folder();
    holder(dir, 'elsewhere.example', 4242, LOCK_ABANDONED_AFTER_MS + 60_000);
    const refused = await lockBackupDir(dir, {command: 'volscope backup --all -o /b'}).catch(
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/has not been refreshed for 61 min/);
    expect(refused).toContain('`volscope backup --all -o /b --break-lock` takes the lock');
    const lines: string[] = [];
    const release = await lockBackupDir(dir, {breakLock: true, log: (line) => lines.push(line)});
    expect(lines).toEqual([expect.stringMatching(/^Broke the lock .* held by pid 4242 on elsewhere\.example/)]);
    await release();
  });

  it('treats a lock it cannot read as held by another host', async () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_NAME), '');
    await expect(lockBackupDir(dir)).rejects.toThrow(/a lock file volscope cannot read/);
    const release = await lockBackupDir(dir, {breakLock: true});
    await release();
  });
});
