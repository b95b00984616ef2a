import type {TmpfsDetail} from '../model/mounts.js';
import type {Container, Volume, VolumeUsage} from '../model/types.js';
import {
  type EngineEvent,
  type EngineGateway,
  type EngineVersion,
  type EventHandlers,
  type HelperProgress,
  ReadOnlyError,
  RemoveError,
  type Subscription,
  type VolumeArchive,
  VolumeNotFoundError,
  type VolumeSpec,
  type VolumeTransfer,
} from '../docker/gateway.js';
import {type MemoryEntry, packEntries, treeOfEntries, unpackEntries} from './memory-volumes.js';
import type {Tree} from '../model/tree.js';

/** The calls counted, each from 0: the record below is made from this list. */
// biome-ignore format: a list of names, kept as one paragraph
const METHODS = [
  'ping', 'listVolumes', 'listContainers', 'volumeUsage', 'subscribeEvents', 'removeVolume',
  'createVolume', 'prepareHelper', 'copyVolume', 'openVolumeArchive', 'restoreIntoVolume', 'emptyVolume',
] as const;
type Method = (typeof METHODS)[number];

/**
 * An in-memory engine for fast UI tests and fault injection. It is not a stand-in for the real
 * engine in integration tests; those run against dockerd.
 */
export class MemoryGateway implements EngineGateway, VolumeTransfer {
  readonly address: string;
  volumes: Volume[];
  containers: Container[];
  usage: Map<string, VolumeUsage>;
  readonly calls = Object.fromEntries(METHODS.map((method) => [method, 0])) as Record<Method, number>;
  /** What each volume holds, for the transfer port (backup, restore, clone); a missing key is an empty volume. */
  readonly contents = new Map<string, MemoryEntry[]>();
  /** Container lifecycle calls in order, e.g. `stop web`, `start web`, `pause web`. */
  readonly lifecycle: string[] = [];
  /** Archives handed out and not yet released: a helper each on a real engine. */
  openArchives = 0;
  /** Names removed through removeVolume, in order. */
  readonly removed: string[] = [];
  readOnly: boolean;
  private readonly failures = new Map<Method, unknown[]>();
  private readonly subscribers = new Set<EventHandlers>();
  /** Resolvers of usage scans held back by holdUsage(). */
  private heldUsage: Array<() => void> | undefined;

  constructor(
    init: {
      volumes?: Volume[];
      containers?: Container[];
      usage?: Map<string, VolumeUsage>;
      address?: string;
      readOnly?: boolean;
    } = {},
  ) {
    this.readOnly = init.readOnly ?? false;
    this.volumes = init.volumes ?? [];
    this.containers = init.containers ?? [];
    this.usage = init.usage ?? new Map();
    this.address = init.address ?? 'memory://test';
  }

  /** The next call of `method` fails with `error`. */
  failNext(method: Method, error: unknown): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** Usage scans wait until release() is called: to observe the in-flight state. */
  holdUsage(): {release(): void} {
    this.heldUsage = [];
    return {
      release: () => {
        const held = this.heldUsage ?? [];
        this.heldUsage = undefined;
        for (const resolve of held) resolve();
      },
    };
  }

  emit(event: EngineEvent): void {
    for (const subscriber of this.subscribers) subscriber.onEvent(event);
  }

  /** Ends every open event stream as if the engine went away. */
  dropEvents(error: unknown = new Error('connection reset')): void {
    const current = [...this.subscribers];
    this.subscribers.clear();
    for (const subscriber of current) subscriber.onClose(error);
  }

  get openStreams(): number {
    return this.subscribers.size;
  }

  async ping(): Promise<void> {
    this.track('ping');
  }

  async version(): Promise<EngineVersion> {
    return {version: 'memory', apiVersion: '1.45'};
  }

  /** One memory engine per address: two gateways of one address are one engine, as two contexts of one host are. */
  async identity(): Promise<string> {
    return `memory:${this.address}`;
  }

  async listVolumes(_signal?: AbortSignal): Promise<Volume[]> {
    this.track('listVolumes');
    return structuredClone(this.volumes);
  }

  /** tmpfs mounts by container id, as inspect would tell them. */
  readonly tmpfs = new Map<string, TmpfsDetail[]>();
  inspected = 0;

  async inspectTmpfs(ids: readonly string[]): Promise<Map<string, TmpfsDetail[]>> {
    this.inspected += ids.length;
    return new Map(
      ids.flatMap((id) => (this.containers.some((c) => c.id === id) ? [[id, this.tmpfs.get(id) ?? []] as const] : [])),
    );
  }

  async listContainers(_signal?: AbortSignal): Promise<Container[]> {
    this.track('listContainers');
    return structuredClone(this.containers);
  }

  async volumeUsage(_signal?: AbortSignal): Promise<Map<string, VolumeUsage>> {
    this.track('volumeUsage');
    if (this.heldUsage) await new Promise<void>((resolve) => this.heldUsage?.push(resolve));
    return new Map(this.usage);
  }

  /** Like the engine: refuses a volume any container mounts (running or not), 404s a missing one. */
  async removeVolume(name: string): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError(`remove volumes (${name} is kept)`);
    this.track('removeVolume');
    const holders = this.containers.filter((c) => c.mounts.some((m) => m.volumeName === name));
    if (holders.length)
      throw new RemoveError(
        'inUse',
        `remove ${name}: volume is in use - [${holders.map((c) => c.id).join(', ')}]`,
        holders.map((c) => c.id),
      );
    if (!this.volumes.some((v) => v.name === name))
      throw new RemoveError('gone', `${name}: no such volume (already removed?)`);
    this.volumes = this.volumes.filter((v) => v.name !== name);
    this.usage.delete(name);
    this.contents.delete(name);
    this.removed.push(name);
    this.emit({type: 'volume', action: 'destroy', id: name});
  }

  async createVolume(spec: VolumeSpec): Promise<Volume> {
    if (this.readOnly) throw new ReadOnlyError('create volumes');
    this.track('createVolume');
    const existing = this.volumes.find((v) => v.name === spec.name);
    if (existing) return existing;
    const created: Volume = {
      name: spec.name,
      driver: spec.driver,
      scope: 'local',
      mountpoint: `/var/lib/docker/volumes/${spec.name}/_data`,
      createdAt: new Date().toISOString(),
      labels: {...spec.labels},
      options: {...spec.driverOpts},
      status: {},
    };
    this.volumes = [...this.volumes, created];
    this.emit({type: 'volume', action: 'create', id: spec.name});
    return created;
  }

  /** The helper image is there unless a test said otherwise (failNext('prepareHelper', …)). */
  async prepareHelper(_image: string): Promise<void> {
    this.track('prepareHelper');
  }

  async openVolumeArchive(
    volume: string,
    _image: string,
    _onProgress?: (progress: HelperProgress) => void,
  ): Promise<VolumeArchive> {
    this.track('openVolumeArchive');
    const found = this.volumes.find((v) => v.name === volume);
    if (!found) throw new VolumeNotFoundError(volume);
    this.openArchives += 1;
    let released = false;
    return {
      volume: structuredClone(found),
      stream: packEntries(this.contents.get(volume) ?? []),
      release: async () => {
        if (!released) this.openArchives -= 1;
        released = true;
      },
    };
  }

  async restoreIntoVolume(
    volume: string,
    _image: string,
    body: NodeJS.ReadableStream,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError(`restore into volumes (${volume} is kept)`);
    this.track('restoreIntoVolume');
    if (!this.volumes.some((v) => v.name === volume)) throw new VolumeNotFoundError(volume);
    const entries = this.contents.get(volume) ?? [];
    this.contents.set(volume, entries);
    await unpackEntries(
      body,
      (entry) => {
        const at = entries.findIndex((e) => e.path === entry.path);
        if (at >= 0) entries.splice(at, 1);
        entries.push(entry);
      },
      signal,
    );
  }

  async listTree(volume: string, _image?: string, linked?: ReadonlySet<string>): Promise<Tree> {
    if (!this.volumes.some((v) => v.name === volume)) throw new VolumeNotFoundError(volume);
    return treeOfEntries(this.contents.get(volume) ?? [], linked);
  }

  async copyVolume(
    source: string,
    target: string,
    _image: string,
    signal?: AbortSignal,
  ): Promise<{source: Tree; target: Tree}> {
    if (this.readOnly) throw new ReadOnlyError(`write into volumes (${target} is kept)`);
    this.track('copyVolume');
    signal?.throwIfAborted();
    for (const name of [source, target])
      if (!this.volumes.some((v) => v.name === name)) throw new VolumeNotFoundError(name);
    this.contents.set(target, structuredClone(this.contents.get(source) ?? []));
    return {source: await this.listTree(source), target: await this.listTree(target)};
  }

  async volumeIsEmpty(volume: string): Promise<boolean> {
    return (this.contents.get(volume) ?? []).length === 0;
  }

  async emptyVolume(volume: string): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError(`empty volumes (${volume} is kept)`);
    this.track('emptyVolume');
    this.contents.delete(volume);
  }

  async stopContainers(ids: readonly string[]): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError('stop containers');
    this.setStates(ids, 'stop', 'exited');
  }

  async startContainers(ids: readonly string[]): Promise<void> {
    this.setStates(ids, 'start', 'running');
  }

  async pauseContainers(ids: readonly string[]): Promise<void> {
    this.setStates(ids, 'pause', 'paused');
  }

  private setStates(ids: readonly string[], verb: string, state: string): void {
    for (const id of ids) {
      const container = this.containers.find((c) => c.id === id);
      if (!container) throw new Error(`No such container: ${id}`);
      this.lifecycle.push(`${verb} ${container.name}`);
      this.containers = this.containers.map((c) => (c.id === id ? {...c, state} : c));
      this.emit({type: 'container', action: verb, id});
    }
  }

  subscribeEvents(handlers: EventHandlers): Subscription {
    try {
      this.track('subscribeEvents');
    } catch (error) {
      queueMicrotask(() => handlers.onClose(error));
      return {close() {}};
    }
    this.subscribers.add(handlers);
    queueMicrotask(() => this.subscribers.has(handlers) && handlers.onOpen());
    return {close: () => void this.subscribers.delete(handlers)};
  }

  private track(method: Method): void {
    this.calls[method]++;
    const queued = this.failures.get(method);
    if (queued?.length) throw queued.shift();
  }
}
