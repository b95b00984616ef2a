import {mkdtempSync, readFileSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Docker from 'dockerode';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {FileError, type FileSession} from '../../src/docker/gateway.js';
import {ensureHelperImage, HelperImageError} from '../../src/docker/helper-image.js';
import {DockerFileService} from '../../src/docker/volume-files.js';
import {exportArchive} from '../../src/local/export.js';
import type {DiskUsageItem} from '../../src/model/disk-usage.js';
import {entryKey, type FileEntry, type VolumePath} from '../../src/model/files.js';
import {BIG_COUNT, createFileTree, findNames} from '../helpers/file-tree.js';
import {TEST_IMAGE, cleanEngine, describeEachEngine, docker, uniqueName, until} from '../helpers/engines.js';

const p = (...parts: string[]): VolumePath => parts.map((part) => Buffer.from(part, 'latin1'));

async function listAll(session: FileSession, path: VolumePath): Promise<FileEntry[]> {
  const all: FileEntry[] = [];
  await session.list(path, (entries) => all.push(...entries));
  return all;
}

const sortedKeys = (names: Buffer[]) => names.map(entryKey).sort();

describeEachEngine('browsing a volume through the helper', (engine) => {
  const api = new Docker({socketPath: engine.url.replace('unix://', '')});
  const volume = uniqueName('browse');
  const service = new DockerFileService(api, TEST_IMAGE);
  let session: FileSession;
  const helperIds = async () =>
    (await docker(engine, 'ps', '-q', '--filter', `label=io.volscope.volume=${volume}`)).split('\n').filter(Boolean);

  beforeAll(async () => {
    await cleanEngine(engine);
    await createFileTree(engine, volume);
    session = await service.open(volume, () => undefined);
  }, 120_000);
  afterAll(async () => {
    await service.closeAll();
    await cleanEngine(engine);
  });

  it('lists the root exactly as find sees it, hostile names included', async () => {
    const entries = await listAll(session, []);
    expect(sortedKeys(entries.map((e) => e.raw))).toEqual(sortedKeys(await findNames(engine, volume, '')));
    const byName = new Map(entries.map((e) => [e.raw.toString('latin1'), e]));
    expect(byName.get('docs')).toMatchObject({kind: 'dir'});
    expect(byName.get('medium.txt')).toMatchObject({kind: 'file', size: 300_000, uid: 0, gid: 0});
    expect(byName.get('a-fifo')).toMatchObject({kind: 'fifo'});
    expect(byName.get('locked')).toMatchObject({kind: 'dir', uid: 4321, gid: 4321, perm: 0o700});
    expect(byName.get('bad\xff\xfeutf8')?.name).toBe('bad\\xff\\xfeutf8');
    expect(byName.get('trailing-newline\n')).toMatchObject({kind: 'file', size: 1});
    expect(byName.get("quote' -> 'fake")).toMatchObject({kind: 'file'});
    expect(byName.get('link-inside')?.target?.toString()).toBe('docs/readme.txt');
    expect(byName.get('link-outside')?.target?.toString()).toBe('/etc/passwd');
    expect(byName.get('link-odd-target')).toMatchObject({kind: 'link'});
    expect(byName.get('link-odd-target')?.target?.toString()).toBe('odd\n/target');
    const mtime = byName.get('docs')!.mtimeMs;
    expect(Math.abs(mtime - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('lists 100,000 entries exactly, in batches as they stream', async () => {
    let batches = 0;
    const all: FileEntry[] = [];
    const started = performance.now();
    await session.list(p('big'), (entries) => {
      batches += 1;
      all.push(...entries);
    });
    const ms = performance.now() - started;
    expect(all).toHaveLength(BIG_COUNT);
    expect(batches).toBeGreaterThan(1);
    expect(new Set(all.map((e) => e.key)).size).toBe(BIG_COUNT);
    expect(sortedKeys(all.map((e) => e.raw))).toEqual(sortedKeys(await findNames(engine, volume, 'big')));
    console.log(`[browse] ${engine.name}: 100,000 entries listed in ${Math.round(ms)} ms, ${batches} batches`);
  }, 60_000);

  it('lists an empty directory, a directory of another user, and a directory with a hostile name', async () => {
    expect(await listAll(session, p('empty'))).toEqual([]);
    expect((await listAll(session, p('locked'))).map((e) => e.name)).toEqual(['secret.txt']);
    expect((await listAll(session, p('docs'))).map((e) => e.name).sort()).toEqual(['readme.txt', 'sub']);
  });

  it('starts a new helper by itself when the old one ended on its idle timeout', async () => {
    const quick = await new DockerFileService(api, TEST_IMAGE, 2).open(volume, () => undefined);
    try {
      const first = await helperIds();
      await until(
        async () => ((await helperIds()).length < first.length ? true : undefined),
        15_000,
        'the idle helper to end',
      );
      expect((await listAll(quick, p('docs'))).map((e) => e.name).sort()).toEqual(['readme.txt', 'sub']);
    } finally {
      await quick.close();
    }
  }, 30_000);

  it('does not bring back a volume removed since it was listed', async () => {
    await expect(service.open(uniqueName('removed'), () => undefined)).rejects.toMatchObject({problem: 'gone'});
  });

  it('lists an empty volume', async () => {
    const empty = uniqueName('empty');
    await docker(engine, 'volume', 'create', '--label', 'volscope.test=1', empty);
    const other = await service.open(empty, () => undefined);
    try {
      expect(await listAll(other, [])).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('says precisely why a path cannot be listed, and never leaves the volume through a link', async () => {
    await expect(session.list(p('nope'), () => undefined)).rejects.toMatchObject({problem: 'gone'});
    await expect(session.list(p('medium.txt'), () => undefined)).rejects.toMatchObject({problem: 'notDirectory'});
    await expect(session.list(p('link-up-out'), () => undefined)).rejects.toMatchObject({problem: 'outside'});
    await expect(session.read(p('link-outside'), 100)).rejects.toMatchObject({problem: 'gone'});
    await expect(session.read(p('link-up-out'), 100)).rejects.toMatchObject({problem: 'outside'});
    await expect(session.read(p('link-dangling'), 100)).rejects.toMatchObject({problem: 'gone'});
    await expect(session.read(p('a-fifo'), 100)).rejects.toMatchObject({problem: 'notFile'});
    await expect(session.read(p('docs'), 100)).rejects.toBeInstanceOf(FileError);
  });

  it('reads files byte for byte, up to the limit, through links that stay inside', async () => {
    expect((await session.read(p('docs', 'readme.txt'), 1 << 20)).toString()).toBe('hello\nworld\n');
    expect((await session.read(p('link-inside'), 1 << 20)).toString()).toBe('hello\nworld\n');
    expect(await session.read(p('blob.bin'), 100)).toEqual(Buffer.from([0, 1, 2, 3, ...Buffer.from('binary'), 0xff]));
    expect((await session.read(p('large.txt'), (1 << 20) + 1)).length).toBe((1 << 20) + 1);
    expect((await session.read(p('locked', 'secret.txt'), 100)).toString()).toBe('secret');
    expect((await session.read(p('bad\xff\xfeutf8'), 100)).toString()).toBe('x');
    expect((await session.read(p('trailing-newline\n'), 100)).toString()).toBe('x');
    expect((await session.read(p('-leading-dash'), 100)).toString()).toBe('x');
  });

  it('computes the disk usage of every entry, largest where it should be', async () => {
    const items: DiskUsageItem[] = [];
    const {total} = await session.diskUsage([], (batch) => items.push(...batch));
    const byKey = new Map(items.map((item) => [item.key, item.bytes]));
    expect(byKey.size).toBe((await findNames(engine, volume, '')).length);
    expect(byKey.get('large.txt')).toBeGreaterThanOrEqual(1_100_000);
    expect(byKey.get('medium.txt')).toBeGreaterThanOrEqual(300_000);
    expect(byKey.get('bad\xff\xfeutf8')).toBeGreaterThan(0);
    expect(byKey.get('new\nline')).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(1_400_000);
  });

  it('cancels a disk usage run inside the helper', async () => {
    const abort = new AbortController();
    // 100,000 entries stream out over many chunks: the first batch arrives long before the end.
    const run = session.diskUsage(p('big'), () => abort.abort(), abort.signal);
    await expect(run).rejects.toMatchObject({name: 'AbortError'});
    const ps = (await docker(engine, 'ps', '-q', '--filter', `label=io.volscope.volume=${volume}`))
      .trim()
      .split('\n')[0]!;
    // The du process is gone from the helper soon after the cancel.
    await until(
      async () =>
        (await docker(engine, 'exec', ps, 'sh', '-c', 'ps -o comm | grep -c "^du$" || true')).trim() === '0' ||
        undefined,
      5000,
      'du to end in the helper',
    );
  });

  it('exports files and directories through the archive API byte for byte, hostile names included', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'volscope-export-it-'));
    const large = await session.read(p('large.txt'), 2 << 20);
    await exportArchive(await session.archive(p('large.txt')), join(folder, 'large.txt'), {overwrite: false});
    expect(readFileSync(join(folder, 'large.txt')).equals(large)).toBe(true);
    await exportArchive(await session.archive(p('esc\u001b]2;PWNED-NAME\u0007')), join(folder, 'esc'), {
      overwrite: false,
    });
    expect(readFileSync(join(folder, 'esc'), 'utf8')).toBe('x');
    await exportArchive(await session.archive(p('bad\xff\xfeutf8')), join(folder, 'bad'), {overwrite: false});
    expect(readFileSync(join(folder, 'bad'), 'utf8')).toBe('x');
    await exportArchive(await session.archive(p('docs')), join(folder, 'docs-copy'), {overwrite: false});
    expect(readFileSync(join(folder, 'docs-copy', 'readme.txt'), 'utf8')).toBe('hello\nworld\n');
    expect(readFileSync(join(folder, 'docs-copy', 'sub', 'inner.txt'), 'utf8')).toBe('inner');
    // A file of another user with mode 000 is exported too (the engine reads the volume as root).
    await exportArchive(await session.archive(p('locked')), join(folder, 'locked'), {overwrite: false});
    expect(readdirSync(join(folder, 'locked'))).toEqual(['secret.txt']);
    await expect(session.archive(p('nope'))).rejects.toMatchObject({problem: 'gone'});
  });

  it('lists a directory that is being written to right now', async () => {
    const writer = uniqueName('writer');
    await docker(
      engine,
      'run',
      '-d',
      '--name',
      writer,
      '--label',
      'volscope.test=1',
      '-v',
      `${volume}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'mkdir -p /v/busy; i=0; while true; do echo $i > /v/busy/f$i; rm -f /v/busy/f$((i-50)); i=$((i+1)); done',
    );
    try {
      for (let round = 0; round < 5; round++) {
        const entries = await listAll(session, p('busy'));
        for (const entry of entries) expect(entry.name).toMatch(/^f\d+$/);
      }
    } finally {
      await docker(engine, 'rm', '-f', writer);
    }
  });

  it('names the image, the engine error and the remedy when the helper image cannot be pulled', async () => {
    const image = 'localhost:1/volscope/not-there:1';
    const progress: unknown[] = [];
    const error = await ensureHelperImage(api, image, (step) => progress.push(step)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelperImageError);
    const message = (error as Error).message;
    expect(message).toContain(`Could not get the helper image ${image}:`);
    expect(message).toMatch(/connection refused|dial tcp/i);
    expect(message).toContain('docker load');
    expect(message).toContain('--helper-image');
    expect(progress).toEqual([{phase: 'pulling', image, current: 0, total: 0}]);
  });
});
