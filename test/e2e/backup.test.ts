import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';

describeEachEngine('backup from the TUI', (engine) => {
  const volume = uniqueName('e2e-backup');
  const folder = mkdtempSync(join(tmpdir(), 'volscope-e2e-backup-'));
  let session: TmuxSession | undefined;
  const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    // Random data compresses slowly: the backup lasts long enough to be cancelled by a key.
    await docker(
      engine,
      'run',
      '--rm',
      '-v',
      `${volume}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'head -c 120000000 /dev/urandom > /v/blob; echo hi > /v/note.txt',
    );
  }, 60_000);
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  const startBackup = async (path: string) => {
    session = await TmuxSession.start(['--host', engine.url], {env, columns: 140, rows: 30});
    await session.filterTo(volume);
    await session.type('b');
    await session.waitFor(`Back up ${volume} to:`);
    await session.keys('C-u');
    await session.type(path);
    await session.keys('Enter');
    return session;
  };

  it('b writes a checked .tar.gz where asked', async () => {
    const path = join(folder, `${engine.name}.tar.gz`);
    const s = await startBackup(path);
    await s.waitFor('1 backup written and checked', 60_000);
    expect((await runCli(['verify', path])).code).toBe(0);
    expect(existsSync(`${path}.sha256`)).toBe(true);
    expect(await docker(engine, 'ps', '-aq', '--filter', `label=io.volscope.volume=${volume}`)).toBe('');
  }, 90_000);

  it('Esc during the backup leaves nothing under the final name and no helper', async () => {
    const path = join(folder, `${engine.name}-cancelled.tar.gz`);
    const s = await startBackup(path);
    await s.waitFor(/MB\/s/, 20_000);
    await s.keys('Escape');
    await s.waitFor('cancelled: nothing written under the final name', 20_000);
    expect(readdirSync(folder).filter((name) => name.includes(`${engine.name}-cancelled`))).toEqual([]);
    expect(await docker(engine, 'ps', '-aq', '--filter', `label=io.volscope.volume=${volume}`)).toBe('');
  }, 60_000);

  it('R restores the backup into a new volume', async () => {
    const path = join(folder, `${engine.name}-for-restore.tar.gz`);
    expect((await runCli(['backup', volume, '-o', path, '--host', engine.url], env)).code).toBe(0);
    const target = uniqueName('e2e-restored');
    session = await TmuxSession.start(['--host', engine.url], {env, columns: 140, rows: 30});
    const s = session;
    await s.filterTo(volume);
    await s.type('R');
    await s.waitFor('Restore a backup');
    await s.type(path);
    await s.keys('Tab');
    await s.type(target);
    await s.keys('Enter');
    await s.waitFor(`into ${target} (created as recorded`, 60_000);
    const hashes = (name: string) =>
      docker(
        engine,
        'run',
        '--rm',
        '-v',
        `${name}:/v:ro`,
        TEST_IMAGE,
        'sh',
        '-c',
        'cd /v && find . -type f -exec sha256sum {} + | sort',
      );
    expect(await hashes(target)).toBe(await hashes(volume));
  }, 90_000);

  it("b and the browser's x onto a disk that fills up: the words on screen, nothing left there, no helper", async () => {
    // A short path: the export's message is one line, cut at the terminal's width.
    const disk = mkdtempSync('/tmp/vs-full-');
    const run = promisify(execFile);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk]);
    try {
      const s = await startBackup(join(disk, 'b.tar.gz'));
      const backup = await s.waitFor(/No space left on/, 60_000);
      expect(backup.replace(/\s+/g, ' ')).toMatch(
        new RegExp(`No space left on ${disk}: [\\d.]+ [kM]B of the archive written`),
      );
      expect(readdirSync(disk)).toEqual([]);
      await s.keys('Escape');
      await s.keys('Enter');
      await s.waitFor('blob', 20_000);
      await s.type('g');
      await s.type('x');
      await s.waitFor('Export blob to:');
      await s.keys('C-u');
      await s.type(join(disk, 'blob'));
      await s.keys('Enter');
      const exported = await s.waitFor(/No space left on/, 60_000);
      // The export's result, wrapped at the terminal's width: what to do comes first.
      expect(exported.replace(/\s+/g, ' ')).toContain(
        `Export of blob failed: No space left on ${disk}: nothing kept under blob; free some space there or export elsewhere`,
      );
      expect(readdirSync(disk)).toEqual([]);
      await s.keys('q');
      await s.waitFor('EXIT:0', 20_000);
      expect(await docker(engine, 'ps', '-aq', '--filter', `label=io.volscope.volume=${volume}`)).toBe('');
    } finally {
      await run('umount', [disk]).catch(() => undefined);
      rmSync(disk, {recursive: true, force: true});
    }
  }, 120_000);
});
