import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {backup} from '../../src/ops/backup.js';
import {OpError} from '../../src/ops/errors.js';
import {restore, type RestoreRequest} from '../../src/ops/restore.js';
import {verifyBackup} from '../../src/ops/verify.js';
import {APP_FILES, engineWithBigVolume, engineWithFiles, IMAGE, listing, scratch} from './transfer.js';

let dirs: Array<{remove(): void}> = [];
afterEach(() => {
  for (const d of dirs) d.remove();
  dirs = [];
});
function tmp() {
  const s = scratch();
  dirs.push(s);
  return s;
}

async function backupOf(name = 'app', engine = engineWithFiles()) {
  const file = tmp().path(`${name}.tar.gz`);
  const result = await backup(engine, {
    volume: name,
    target: {kind: 'file', path: file},
    image: IMAGE,
    level: 6,
    stopContainers: false,
  });
  return {engine, file, result};
}

const request = (file: string, volume: string, extra: Partial<RestoreRequest> = {}): RestoreRequest => ({
  source: {kind: 'file', path: file},
  volume,
  replace: false,
  plain: false,
  image: IMAGE,
  stopContainers: false,
  ...extra,
});

async function reason(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpError);
  return (error as OpError).reason;
}

describe('backup (over the memory engine)', () => {
  it('writes a checked .tar.gz with a .sha256 beside it and releases its helper', async () => {
    const {engine, file, result} = await backupOf();
    expect(result.path).toBe(file);
    expect(result.check?.problems).toEqual([]);
    expect(result.check?.entries).toBe(APP_FILES.length + 1);
    expect(readFileSync(`${file}.sha256`, 'utf8')).toContain(result.sha256);
    expect(engine.openArchives).toBe(0);
    const report = await verifyBackup(file);
    expect(report.manifest?.volume.labels).toEqual({tier: 'db', 'com.example.owner': 'ops'});
  });

  it('names every live user (running and paused) when they stay running, and stops none', async () => {
    const engine = engineWithFiles();
    const named: string[][] = [];
    await backup(engine, {
      volume: 'app',
      target: {kind: 'file', path: tmp().path('a.tar.gz')},
      image: IMAGE,
      level: 1,
      stopContainers: false,
      onRunningUsers: (c) => named.push(c.map((x) => x.name)),
    });
    expect(named).toEqual([['web', 'worker']]);
    expect(engine.lifecycle).toEqual([]);
  });

  it('stops exactly the containers it named and puts each back as it was, the paused one paused', async () => {
    const engine = engineWithFiles();
    const lines: string[] = [];
    await backup(engine, {
      volume: 'app',
      target: {kind: 'file', path: tmp().path('a.tar.gz')},
      image: IMAGE,
      level: 1,
      stopContainers: true,
      log: (l) => lines.push(l),
    });
    expect(engine.lifecycle).toEqual(['stop web', 'stop worker', 'start worker', 'start web', 'pause worker']);
    expect(engine.containers.map((c) => `${c.name}:${c.state}`)).toEqual([
      'web:running',
      'worker:paused',
      'old:exited',
    ]);
    expect(lines[0]).toBe('stopping web, worker for the duration');
  });

  it('puts the containers back and leaves no file when the copy fails', async () => {
    const engine = engineWithFiles();
    engine.failNext('openVolumeArchive', new Error('engine went away'));
    const dir = tmp();
    await expect(
      backup(engine, {
        volume: 'app',
        target: {kind: 'file', path: dir.path('a.tar.gz')},
        image: IMAGE,
        level: 1,
        stopContainers: true,
      }),
    ).rejects.toThrow('engine went away');
    expect(engine.lifecycle).toEqual(['stop web', 'stop worker', 'start worker', 'start web', 'pause worker']);
    expect(readdirSync(dir.dir)).toEqual([]);
  });

  it('a backup aborted midway leaves nothing under the final name and no helper', async () => {
    const engine = engineWithBigVolume();
    const dir = tmp();
    const abort = new AbortController();
    await expect(
      backup(engine, {
        volume: 'app',
        target: {kind: 'file', path: dir.path('a.tar.gz')},
        image: IMAGE,
        level: 1,
        stopContainers: false,
        signal: abort.signal,
        onProgress: () => abort.abort(),
      }),
    ).rejects.toThrow(/abort/i);
    expect(existsSync(dir.path('a.tar.gz'))).toBe(false);
    expect(readdirSync(dir.dir)).toEqual([]);
    expect(engine.openArchives).toBe(0);
  });

  it('a file that exists already is not overwritten: notWritten, in words', async () => {
    const engine = engineWithFiles();
    const file = tmp().path('a.tar.gz');
    writeFileSync(file, 'precious');
    const error = await backup(engine, {
      volume: 'app',
      target: {kind: 'file', path: file},
      image: IMAGE,
      level: 1,
      stopContainers: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpError);
    expect((error as OpError).reason).toBe('notWritten');
    expect((error as OpError).message).toMatch(/^Backup of app not written: /);
    expect(readFileSync(file, 'utf8')).toBe('precious');
  });
});

describe('restore (over the memory engine)', () => {
  it('round trip: a new volume is created as recorded and holds exactly what was backed up', async () => {
    const {engine, file} = await backupOf();
    const result = await restore(engine, request(file, 'app-restored'));
    expect(result).toMatchObject({
      entries: APP_FILES.length + 1,
      created: true,
      recorded: {driver: 'local', labels: {tier: 'db', 'com.example.owner': 'ops'}},
    });
    expect(listing(engine, 'app-restored')).toEqual(listing(engine, 'app'));
    expect(engine.volumes.find((v) => v.name === 'app-restored')?.labels).toEqual({
      tier: 'db',
      'com.example.owner': 'ops',
    });
  });

  it('--plain creates the volume without the recorded labels', async () => {
    const {engine, file} = await backupOf();
    const result = await restore(engine, request(file, 'plain', {plain: true}));
    expect(result.recorded).toBeUndefined();
    expect(engine.volumes.find((v) => v.name === 'plain')?.labels).toEqual({});
  });

  it('an empty existing volume is filled, not created', async () => {
    const {engine, file} = await backupOf();
    const result = await restore(engine, request(file, 'spare'));
    expect(result.created).toBe(false);
    expect(listing(engine, 'spare')).toEqual(listing(engine, 'app'));
  });

  it('refuses a volume that holds files unless replace, and asks before emptying it', async () => {
    const {engine, file} = await backupOf();
    expect(await reason(restore(engine, request(file, 'other')))).toBe('notEmpty');
    const asked: string[] = [];
    expect(
      await reason(
        restore(engine, request(file, 'other', {replace: true, confirmReplace: async (v) => (asked.push(v), false)})),
      ),
    ).toBe('declined');
    expect(asked).toEqual(['other']);
    expect(listing(engine, 'other')).toEqual(['file keep.txt 4 6b656570']);
    await restore(engine, request(file, 'other', {replace: true, confirmReplace: async () => true}));
    expect(listing(engine, 'other')).toEqual(listing(engine, 'app'));
  });

  it('refuses a volume live containers use, before asking anything; with stopContainers they are put back', async () => {
    const {engine, file} = await backupOf();
    engine.contents.delete('app');
    let asked = false;
    const refused = await restore(engine, request(file, 'app', {confirmReplace: async () => (asked = true)})).catch(
      (e: OpError) => e,
    );
    expect((refused as OpError).reason).toBe('inUse');
    expect((refused as OpError).message).toContain('(web, worker)');
    // The operation says what happened; the flag or key to use next is the front end's to add.
    expect((refused as OpError).users).toEqual(['web', 'worker']);
    expect((refused as OpError).message).not.toContain('--');
    expect(asked).toBe(false);
    await restore(engine, request(file, 'app', {stopContainers: true}));
    expect(engine.lifecycle).toEqual(['stop web', 'stop worker', 'start worker', 'start web', 'pause worker']);
    expect(listing(engine, 'app')).toHaveLength(APP_FILES.length);
  });

  it('a file that differs from its .sha256 writes nothing at all', async () => {
    const {engine, file} = await backupOf();
    writeFileSync(`${file}.sha256`, `${'0'.repeat(64)}  x\n`);
    expect(await reason(restore(engine, request(file, 'new-one')))).toBe('checksum');
    expect(engine.volumes.some((v) => v.name === 'new-one')).toBe(false);
    expect(engine.calls.restoreIntoVolume).toBe(0);
  });

  it('a cut-short archive undoes the restore: the volume it created is removed again', async () => {
    const {engine, file} = await backupOf('app', engineWithBigVolume());
    const whole = readFileSync(file);
    const cut = tmp().path('cut.tar.gz');
    writeFileSync(cut, whole.subarray(0, whole.length - 200));
    const error = (await restore(engine, request(cut, 'half')).catch((e: unknown) => e)) as OpError;
    expect(error.reason).toBe('damaged');
    expect(error.message).toContain('The volume half it had created was removed again.');
    expect(engine.volumes.some((v) => v.name === 'half')).toBe(false);
  });

  it('never claims what did not land: an engine that drops what it unpacked (a tmpfs volume) fails the restore, which is undone', async () => {
    const {engine, file} = await backupOf();
    // As a `--opt type=tmpfs` volume does: the helper's writes vanish when it is unmounted.
    const unpack = engine.restoreIntoVolume.bind(engine);
    engine.restoreIntoVolume = async (volume, image, body, signal) => {
      await unpack(volume, image, body, signal);
      engine.contents.delete(volume);
    };
    const error = (await restore(engine, request(file, 'vanishing')).catch((e: unknown) => e)) as OpError;
    expect(error.reason).toBe('damaged');
    expect(error.message).toMatch(/the volume does not hold what the engine said it unpacked: .*missing/);
    expect(error.message).toContain('The volume vanishing it had created was removed again.');
  });

  it('cancelled midway (Ctrl+C, SIGTERM, Esc): stops, says how far it got, and undoes', async () => {
    const {engine, file} = await backupOf('app', engineWithBigVolume());
    const abort = new AbortController();
    let seen = 0;
    const error = (await restore(engine, {
      ...request(file, 'stopped-midway'),
      signal: abort.signal,
      onProgress: (bytes) => ((seen = bytes), bytes > 1_000_000 && abort.abort()),
    }).catch((e: unknown) => e)) as OpError;
    expect(seen).toBeGreaterThan(1_000_000);
    expect(error.reason).toBe('declined');
    expect(error.message).toMatch(
      /^Restore cancelled after [\d.]+ MB of tar unpacked\. The volume stopped-midway it had created was removed again\.$/,
    );
    expect(engine.volumes.some((v) => v.name === 'stopped-midway')).toBe(false);
  });

  it('cancelled while the file is checked against its .sha256: stops there, nothing written', async () => {
    const {engine, file} = await backupOf('app', engineWithBigVolume());
    expect(existsSync(`${file}.sha256`)).toBe(true);
    const abort = new AbortController();
    abort.abort();
    const error = (await restore(engine, {...request(file, 'never-begun'), signal: abort.signal}).catch(
      (e: unknown) => e,
    )) as OpError;
    expect(error.reason).toBe('declined');
    expect(error.message).toBe(`Restore cancelled while checking ${file} against its .sha256: nothing was written.`);
    expect(engine.volumes.some((v) => v.name === 'never-begun')).toBe(false);
  });

  it('a cut-short archive into an existing empty volume leaves it empty again', async () => {
    const {engine, file} = await backupOf('app', engineWithBigVolume());
    const whole = readFileSync(file);
    const cut = tmp().path('cut.tar.gz');
    writeFileSync(cut, whole.subarray(0, whole.length - 200));
    const error = (await restore(engine, request(cut, 'spare')).catch((e: unknown) => e)) as OpError;
    expect(error.message).toContain('What was written into spare was deleted again: it is empty.');
    expect(await engine.volumeIsEmpty('spare')).toBe(true);
  });

  it('a missing file is unreadable, in words', async () => {
    const engine = engineWithFiles();
    const error = (await restore(engine, request('/nonexistent/x.tar.gz', 'v')).catch((e: unknown) => e)) as OpError;
    expect(error.reason).toBe('unreadable');
    expect(error.message).toMatch(/^Cannot read \/nonexistent\/x\.tar\.gz: ENOENT/);
  });
});
