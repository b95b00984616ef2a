import {Transform} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {type CloneEnd, clone} from '../../src/ops/clone.js';
import {OpError} from '../../src/ops/errors.js';
import {HelperImageError} from '../../src/docker/helper-image.js';
import {container, volume} from '../helpers/fixtures.js';
import {engineWithBigVolume, engineWithFiles, IMAGE, listing} from './transfer.js';

async function refusal(work: Promise<unknown>): Promise<OpError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpError);
  return error as OpError;
}

const on = (engine: MemoryGateway, name: string, where?: string): CloneEnd => ({
  engine,
  volume: name,
  ...(where ? {where} : {}),
});
const names = (engine: MemoryGateway) => engine.volumes.map((v) => v.name).sort();

describe('clone within one engine (over the memory engine)', () => {
  it("copies the tree into a new volume with the source's labels, no local file, helpers released, verified", async () => {
    const engine = engineWithFiles();
    const result = await clone(on(engine, 'app'), on(engine, 'app-copy'), {labels: true, image: IMAGE});
    expect(result).toMatchObject({
      created: true,
      labelsCopied: 2,
      runningUsers: ['web', 'worker'],
      entries: 4,
      withinEngine: true,
    });
    // Inside one engine a helper copies (cp -a): no tar stream passes through volscope.
    expect(result.sha256).toBeUndefined();
    expect([engine.calls.copyVolume, engine.calls.openVolumeArchive]).toEqual([1, 0]);
    expect(result.bytes).toBeGreaterThan(70_000);
    expect(listing(engine, 'app-copy')).toEqual(listing(engine, 'app'));
    expect(engine.volumes.find((v) => v.name === 'app-copy')?.labels).toEqual({tier: 'db', 'com.example.owner': 'ops'});
    expect(engine.openArchives).toBe(0);
  });

  it('without labels the new volume has none; an existing empty target is filled', async () => {
    const engine = engineWithFiles();
    expect((await clone(on(engine, 'app'), on(engine, 'bare'), {labels: false, image: IMAGE})).labelsCopied).toBe(0);
    expect(engine.volumes.find((v) => v.name === 'bare')?.labels).toEqual({});
    const into = await clone(on(engine, 'app'), on(engine, 'spare'), {labels: true, image: IMAGE});
    expect(into.created).toBe(false);
    expect(listing(engine, 'spare')).toEqual(listing(engine, 'app'));
  });

  it('refuses the same name (badRequest), a missing source (notFound) and a target with files (notEmpty)', async () => {
    const engine = engineWithFiles();
    expect((await refusal(clone(on(engine, 'app'), on(engine, 'app'), {labels: true, image: IMAGE}))).reason).toBe(
      'badRequest',
    );
    const missing = await refusal(clone(on(engine, 'nope'), on(engine, 'x'), {labels: true, image: IMAGE}));
    expect(missing.reason).toBe('notFound');
    expect(missing.message).toBe('No volume named nope (`docker volume ls` lists them).');
    expect((await refusal(clone(on(engine, 'app'), on(engine, 'other'), {labels: true, image: IMAGE}))).reason).toBe(
      'notEmpty',
    );
    expect(listing(engine, 'other')).toEqual(['file keep.txt 4 6b656570']);
    expect(engine.calls.createVolume).toBe(0);
  });
});

describe('clone to another engine (over two memory engines)', () => {
  it('creates the target there as recorded, and the same name on the source engine is untouched', async () => {
    const here = engineWithFiles();
    const there = new MemoryGateway({volumes: [volume('unrelated')]});
    const result = await clone(on(here, 'app', 'laptop'), on(there, 'app', 'prod'), {labels: true, image: IMAGE});
    expect(result).toMatchObject({created: true, entries: 4, withinEngine: false});
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(listing(there, 'app')).toEqual(listing(here, 'app'));
    expect(there.volumes.find((v) => v.name === 'app')?.labels).toEqual({tier: 'db', 'com.example.owner': 'ops'});
    expect(names(there)).toEqual(['app', 'unrelated']);
    expect([here.openArchives, there.openArchives]).toEqual([0, 0]);
  });

  it('checks the helper image on both engines before creating anything', async () => {
    const here = engineWithFiles();
    const there = new MemoryGateway();
    there.failNext('prepareHelper', new HelperImageError(IMAGE, 'pull access denied'));
    await expect(clone(on(here, 'app'), on(there, 'app', 'prod'), {labels: true, image: IMAGE})).rejects.toThrow(
      /pull access denied/,
    );
    expect([there.calls.createVolume, there.volumes.length]).toEqual([0, 0]);
  });

  it('a stream cut midway leaves no target volume behind', async () => {
    const here = engineWithBigVolume();
    const there = new MemoryGateway();
    const original = there.restoreIntoVolume.bind(there);
    there.restoreIntoVolume = (name, image, body, signal) => {
      let seen = 0;
      const cut = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          seen += chunk.length;
          callback(seen > 4_000_000 ? new Error('the connection to the engine broke') : null, chunk);
        },
      });
      (body as NodeJS.ReadableStream).pipe(cut);
      return original(name, image, cut, signal);
    };
    await expect(clone(on(here, 'app'), on(there, 'app', 'prod'), {labels: true, image: IMAGE})).rejects.toThrow(
      /broke/,
    );
    expect(there.volumes).toEqual([]);
    // The target, then its incomplete mark: nothing half-made and no mark stays.
    expect(there.removed).toEqual(['app', 'app.volscope-incomplete']);
    expect(here.openArchives).toBe(0);
  });

  it('cancelled midway: the target it created is removed again and the caller is told so', async () => {
    const here = engineWithBigVolume();
    const there = new MemoryGateway();
    const controller = new AbortController();
    const error = await refusal(
      clone(on(here, 'app'), on(there, 'copy', 'prod'), {
        labels: true,
        image: IMAGE,
        signal: controller.signal,
        onProgress: (bytes) => bytes > 2_000_000 && controller.abort(),
      }),
    );
    expect(error.message).toBe('Clone cancelled: copy was removed again.');
    expect(there.volumes).toEqual([]);
  });

  it('a copy whose listing differs from the tar that was sent is refused and removed', async () => {
    const here = engineWithFiles();
    const there = new MemoryGateway();
    const original = there.restoreIntoVolume.bind(there);
    there.restoreIntoVolume = async (name, image, body, signal) => {
      await original(name, image, body, signal);
      const entries = there.contents.get(name)!;
      const at = entries.findIndex((entry) => entry.path === 'conf/app.ini');
      entries[at] = {...entries[at]!, content: Buffer.from('[app]\n')};
    };
    const error = await refusal(clone(on(here, 'app'), on(there, 'app', 'prod'), {labels: true, image: IMAGE}));
    expect(error.reason).toBe('damaged');
    expect(error.message).toMatch(/conf\/app\.ini: size 18 here, 6 there/);
    expect(there.volumes).toEqual([]);
  });

  it('a move removes the source only after the copy is verified, only when unused, only when confirmed', async () => {
    const here = engineWithFiles();
    here.containers = [];
    const there = new MemoryGateway();
    const asked: string[] = [];
    const moved = await clone(on(here, 'app'), on(there, 'app', 'prod'), {
      labels: true,
      image: IMAGE,
      removeSource: async () => (asked.push(String(there.volumes.length)), true),
    });
    expect(moved.sourceRemoved).toBe(true);
    // Asked once the target existed and was verified.
    expect(asked).toEqual(['1']);
    expect(names(here)).toEqual(['other', 'spare']);

    const busy = engineWithFiles();
    busy.containers = [container('old', 'exited', [['app', '/data']])];
    const kept = await clone(on(busy, 'app'), on(new MemoryGateway(), 'app', 'prod'), {
      labels: true,
      image: IMAGE,
      removeSource: async () => true,
    });
    expect(kept).toMatchObject({sourceRemoved: false, sourceKept: 'kept: in use by old'});
    const declined = await clone(on(engineWithFiles(), 'spare'), on(new MemoryGateway(), 'spare'), {
      labels: true,
      image: IMAGE,
      removeSource: async () => false,
    });
    expect(declined).toMatchObject({sourceRemoved: false, sourceKept: 'kept: not confirmed'});
  });
});
