import {readdirSync} from 'node:fs';
import {PassThrough, Readable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {backup, type BackupRequest} from '../../src/ops/backup.js';
import {OpError} from '../../src/ops/errors.js';
import type {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {engineWithFiles, IMAGE, scratch} from './transfer.js';

let dirs: Array<{remove(): void}> = [];
afterEach(() => {
  for (const d of dirs) d.remove();
  dirs = [];
});

/**
 * The next `times` archives of the engine stop 30,000 bytes in, inside data.bin: as Go's tar
 * writer leaves the stream when a file shrinks while the engine reads it.
 */
function cutArchives(engine: MemoryGateway, times: number): void {
  const open = engine.openVolumeArchive.bind(engine);
  let left = times;
  engine.openVolumeArchive = async (...args) => {
    const archive = await open(...args);
    if (left <= 0) return archive;
    left -= 1;
    const chunks: Buffer[] = [];
    for await (const chunk of archive.stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return {...archive, stream: Readable.from([Buffer.concat(chunks).subarray(0, 30_000)])};
  };
}

function attempt(engine: MemoryGateway, extra: Partial<BackupRequest> = {}) {
  const dir = scratch();
  dirs.push(dir);
  const lines: string[] = [];
  const work = backup(engine, {
    volume: 'app',
    target: {kind: 'file', path: dir.path('app.tar.gz')},
    image: IMAGE,
    level: 1,
    stopContainers: false,
    log: (line) => lines.push(line),
    ...extra,
  });
  return {dir, lines, work};
}

const ENDED = `the engine's tar ended early, in "data.bin" (a file that shrinks while it is read ends it there)`;

describe("backup when the engine's tar ends early (a file shrank while it was read)", () => {
  it('copies again, saying so, and writes a whole, checked archive', async () => {
    const engine = engineWithFiles();
    cutArchives(engine, 2);
    const {lines, work} = attempt(engine);
    const result = await work;
    expect(result.check?.problems).toEqual([]);
    expect(lines).toEqual([`${ENDED}; copying app again (2 of 3)`, `${ENDED}; copying app again (3 of 3)`]);
    expect(engine.calls.openVolumeArchive).toBe(3);
    expect(engine.openArchives).toBe(0);
  });

  it('after three tries: refused as in use, naming the writers; nothing kept, no helper left', async () => {
    const engine = engineWithFiles();
    cutArchives(engine, 3);
    const {dir, work} = attempt(engine);
    const error = await work.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpError);
    expect(error).toMatchObject({reason: 'inUse', users: ['web', 'worker']});
    expect((error as Error).message).toBe(
      `Backup of app not written: ${ENDED} on each of 3 tries, while web, worker kept writing to it.`,
    );
    expect(readdirSync(dir.dir)).toEqual([]);
    expect(engine.openArchives).toBe(0);
  });

  it('with the users stopped it is the engine: notWritten, and the containers are put back', async () => {
    const engine = engineWithFiles();
    cutArchives(engine, 3);
    const {dir, work} = attempt(engine, {stopContainers: true});
    await expect(work).rejects.toMatchObject({
      reason: 'notWritten',
      message: `Backup of app not written: ${ENDED} on each of 3 tries.`,
    });
    expect(engine.lifecycle).toEqual(['stop web', 'stop worker', 'start worker', 'start web', 'pause worker']);
    expect(readdirSync(dir.dir)).toEqual([]);
  });

  it('to a stream, once: what went out cannot be taken back, so it fails at once and says so', async () => {
    const engine = engineWithFiles();
    cutArchives(engine, 1);
    const {lines, work} = attempt(engine, {target: {kind: 'stream', stream: new PassThrough().resume()}});
    await expect(work).rejects.toMatchObject({
      reason: 'inUse',
      message: `Backup of app not written: ${ENDED}, while web, worker kept writing to it. What was sent is not a whole archive.`,
    });
    expect(lines).toEqual([]);
    expect(engine.calls.openVolumeArchive).toBe(1);
  });
});
