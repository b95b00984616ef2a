import type {Readable} from 'node:stream';
import {extract as tarExtract, pack as tarPack} from 'tar-stream';
import {expect, it} from 'vitest';
import {
  type EngineGateway,
  ReadOnlyError,
  RemoveError,
  VolumeNotFoundError,
  type VolumeTransfer,
} from '../../src/docker/gateway.js';

/**
 * What one engine looks like to the contract: the gateway under test and the few things a test must
 * do beside it (as another client of the engine would). The in-memory fake and the real engines
 * answer the same cases (test/contract/memory.test.ts in the unit tier, the integration tier's
 * contract.test.ts on 20.10, 26.1 and Podman), so the fake cannot drift from the engines.
 */
export interface ContractWorld {
  readonly gateway: EngineGateway & VolumeTransfer;
  /** The same engine through a gateway made with --read-only. */
  readonly readOnly: EngineGateway & VolumeTransfer;
  readonly image: string;
  /** A fresh volume name this run owns (the cleanup finds it by its labels). */
  name(base: string): string;
  readonly labels: Readonly<Record<string, string>>;
  /** A container that mounts the volume, made as another client would; `running` or only created. */
  attach(volume: string, running: boolean): Promise<{readonly id: string; readonly name: string}>;
  /** Helper containers (or, for the fake, archives) of this process still there. */
  helpers(): Promise<number>;
}

async function tarOf(files: Record<string, string>): Promise<Readable> {
  const pack = tarPack();
  pack.entry({name: './', type: 'directory', mode: 0o755});
  for (const [name, body] of Object.entries(files)) {
    if (name.endsWith('/')) pack.entry({name: `./${name}`, type: 'directory', mode: 0o755});
    else pack.entry({name: `./${name}`, mode: 0o644}, body);
  }
  pack.finalize();
  return pack as unknown as Readable;
}

async function filesOf(stream: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const extract = tarExtract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (chunk: Buffer) => chunks.push(chunk));
      body.on('end', () => {
        const name = header.name.replace(/^\.\//, '');
        if (header.type === 'file') found[name] = Buffer.concat(chunks).toString();
        else if (header.type === 'directory' && name && name !== '.')
          found[name.endsWith('/') ? name : `${name}/`] = '';
        next();
      });
      body.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  stream.pipe(extract);
  await done;
  return found;
}

/** The cases every gateway answers alike; `world` is made once per file by the caller. */
export function gatewayContract(world: () => ContractWorld): void {
  it('lists a created volume with its driver and labels; creating it again returns the same volume', async () => {
    const {gateway, labels, name} = world();
    const volume = name('made');
    const created = await gateway.createVolume({
      name: volume,
      driver: 'local',
      labels: {...labels, 'contract.key': 'v1'},
      driverOpts: {},
    });
    expect(created).toMatchObject({name: volume, driver: 'local'});
    expect(created.labels['contract.key']).toBe('v1');
    const again = await gateway.createVolume({
      name: volume,
      driver: 'local',
      labels: {...labels, 'contract.key': 'v1'},
      driverOpts: {},
    });
    expect(again.name).toBe(volume);
    const listed = (await gateway.listVolumes()).filter((v) => v.name === volume);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.labels['contract.key']).toBe('v1');
  });

  it('names the engine the same way every time and through every gateway to it (the size history is kept under it)', async () => {
    const {gateway, readOnly} = world();
    const identity = await gateway.identity();
    expect(identity.length).toBeGreaterThan(3);
    expect(await readOnly.identity()).toBe(identity);
  });

  it('removes a volume nobody uses; a second remove is refused as gone', async () => {
    const {gateway, labels, name} = world();
    const volume = name('gone');
    await gateway.createVolume({name: volume, driver: 'local', labels, driverOpts: {}});
    await gateway.removeVolume(volume);
    expect((await gateway.listVolumes()).some((v) => v.name === volume)).toBe(false);
    const error = await gateway.removeVolume(volume).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoveError);
    expect((error as RemoveError).reason).toBe('gone');
  });

  it('refuses to remove a volume a container mounts, even one never started, naming the container', async () => {
    const {gateway, labels, name, attach} = world();
    const volume = name('held');
    await gateway.createVolume({name: volume, driver: 'local', labels, driverOpts: {}});
    const holder = await attach(volume, false);
    const error = await gateway.removeVolume(volume).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoveError);
    expect((error as RemoveError).reason).toBe('inUse');
    expect((error as RemoveError).containerIds.some((id) => holder.id.startsWith(id) || id.startsWith(holder.id))).toBe(
      true,
    );
    const mounting = (await gateway.listContainers()).find((c) => c.id === holder.id || c.name === holder.name);
    expect(mounting?.mounts.some((m) => m.volumeName === volume)).toBe(true);
    expect((await gateway.listVolumes()).some((v) => v.name === volume)).toBe(true);
  });

  it('puts a tar into a volume and gets the same files back out, leaving no helper behind', async () => {
    const {gateway, labels, name, image, helpers} = world();
    const volume = name('archive');
    await gateway.createVolume({name: volume, driver: 'local', labels, driverOpts: {}});
    const before = await helpers();
    expect(await gateway.volumeIsEmpty(volume, image)).toBe(true);
    await gateway.restoreIntoVolume(volume, image, await tarOf({'a.txt': 'hello', 'd/': '', 'd/b.txt': 'world'}));
    expect(await gateway.volumeIsEmpty(volume, image)).toBe(false);
    const archive = await gateway.openVolumeArchive(volume, image);
    expect(archive.volume.name).toBe(volume);
    const files = await filesOf(archive.stream);
    await archive.release();
    expect(files).toMatchObject({'a.txt': 'hello', 'd/': '', 'd/b.txt': 'world'});
    const tree = await gateway.listTree(volume, image);
    expect(tree.entries).toBe(3);
    expect(tree.contentBytes).toBe(10);
    expect(await helpers()).toBe(before);
  });

  it('empties a volume and keeps it', async () => {
    const {gateway, labels, name, image} = world();
    const volume = name('emptied');
    await gateway.createVolume({name: volume, driver: 'local', labels, driverOpts: {}});
    await gateway.restoreIntoVolume(volume, image, await tarOf({'x.txt': 'x'}));
    await gateway.emptyVolume(volume, image);
    expect(await gateway.volumeIsEmpty(volume, image)).toBe(true);
    expect((await gateway.listVolumes()).some((v) => v.name === volume)).toBe(true);
  });

  it('copies a volume inside the engine, both trees as listed there', async () => {
    const {gateway, labels, name, image} = world();
    const [from, to] = [name('from'), name('to')];
    for (const volume of [from, to])
      await gateway.createVolume({name: volume, driver: 'local', labels, driverOpts: {}});
    await gateway.restoreIntoVolume(from, image, await tarOf({'k.txt': 'kept'}));
    const {source, target} = await gateway.copyVolume(from, to, image);
    expect([source.entries, target.entries]).toEqual([1, 1]);
    expect(await filesOf((await gateway.openVolumeArchive(to, image)).stream)).toMatchObject({'k.txt': 'kept'});
  });

  it('stops and starts a container that uses a volume', async () => {
    const {gateway, labels, name, attach} = world();
    const volume = name('lifecycle');
    await gateway.createVolume({name: volume, driver: 'local', labels, driverOpts: {}});
    const runner = await attach(volume, true);
    const stateOf = async () =>
      (await gateway.listContainers()).find((c) => c.id === runner.id || c.name === runner.name)?.state;
    expect(await stateOf()).toBe('running');
    // The engine's container list follows a stop a moment later (Docker 26.1 answered 'running'
    // right after the stop returned once): wait for the list to say so.
    await gateway.stopContainers([runner.id]);
    await expect.poll(stateOf, {timeout: 10_000}).toBe('exited');
    await gateway.startContainers([runner.id]);
    await expect.poll(stateOf, {timeout: 10_000}).toBe('running');
  });

  it('errors by kind: a missing volume is VolumeNotFoundError; writes under --read-only are ReadOnlyError and change nothing', async () => {
    const {gateway, readOnly, labels, name, image} = world();
    const missing = name('missing');
    await expect(gateway.openVolumeArchive(missing, image)).rejects.toBeInstanceOf(VolumeNotFoundError);
    await expect(gateway.restoreIntoVolume(missing, image, await tarOf({a: 'a'}))).rejects.toBeInstanceOf(
      VolumeNotFoundError,
    );
    const kept = name('kept');
    await gateway.createVolume({name: kept, driver: 'local', labels, driverOpts: {}});
    await expect(readOnly.removeVolume(kept)).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(
      readOnly.createVolume({name: name('never'), driver: 'local', labels, driverOpts: {}}),
    ).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(readOnly.restoreIntoVolume(kept, image, await tarOf({a: 'a'}))).rejects.toBeInstanceOf(ReadOnlyError);
    expect((await gateway.listVolumes()).some((v) => v.name === kept)).toBe(true);
    expect(await gateway.volumeIsEmpty(kept, image)).toBe(true);
  });
}
