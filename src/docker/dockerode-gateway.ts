import Docker from 'dockerode';
import type {TmpfsDetail} from '../model/mounts.js';
import type {Container, Volume, VolumeUsage} from '../model/types.js';
import type {Endpoint} from './endpoint.js';
import {VolumeFileGateway} from './volume-file-gateway.js';
import {dockerodeOptions} from './dockerode-options.js';
import {subscribeEngineEvents} from './engine-events.js';
import {
  type EngineGateway,
  type EngineVersion,
  type EventHandlers,
  type FileService,
  type HelperProgress,
  ReadOnlyError,
  type StagedPlacement,
  type VolumeCopy,
  type VolumeEdit,
  type Subscription,
  type VolumeArchive,
  type VolumeSpec,
  type VolumeTransfer,
  VolumeNotFoundError,
} from './gateway.js';
import {apiAtLeast, toTmpfsDetails, toUsage, toVolume} from './map.js';
import {engineMessage, toRemoveError} from './errors.js';
import {EngineReplyError, getJson} from './json-reply.js';
import type {FirstLists} from './first-lists.js';
import {containerList, volumeList} from './list-replies.js';
import {sweepDanglingMarks, sweepOrphanHelpers} from './orphan-sweep.js';
import {ensureHelperImage} from './helper-image.js';
import {DockerFileService} from './volume-files.js';
import {
  copyVolume,
  emptyVolume,
  listTree,
  openVolumeArchive,
  restoreIntoVolume,
  volumeIsEmpty,
} from './volume-archive.js';
import type {Tree} from '../model/tree.js';

/**
 * Deadlines for the calls that have no caller to set one: a hung engine must never hold the UI.
 * Lists and sizes get theirs from LiveStore; long transfers (backup, restore) run as long as data flows.
 */
const CALL_TIMEOUT_MS = 30_000;
/** Removing a volume deletes its files: a big one on a slow disk takes a while. */
const WRITE_TIMEOUT_MS = 120_000;

export class DockerodeGateway
  extends VolumeFileGateway
  implements EngineGateway, VolumeTransfer, StagedPlacement, VolumeCopy, VolumeEdit
{
  readonly address: string;
  /** Where it was resolved to (what a connection error names). */
  readonly endpoint: Endpoint;
  /** The docker context it was reached through; undefined for --host. */
  readonly context: string | undefined;
  /** The ssh:// or TLS agent, when there is one: it holds a connection until closed. */
  private readonly agent: {destroy(): void} | undefined;
  private versionPromise: Promise<EngineVersion> | undefined;
  private identityPromise: Promise<string> | undefined;

  /** The answers to the first two lists, asked for before dockerode loaded (tui start): taken once. */
  private readonly firstLists: FirstLists | undefined;

  constructor(endpoint: Endpoint, options: {readOnly?: boolean; docker?: Docker; firstLists?: FirstLists} = {}) {
    const dockerOptions = options.docker ? undefined : dockerodeOptions(endpoint);
    super(options.docker ?? new Docker(dockerOptions), options.readOnly ?? false);
    this.endpoint = endpoint;
    this.address = endpoint.url;
    this.context = endpoint.context;
    this.agent = (dockerOptions as {agent?: {destroy(): void}} | undefined)?.agent;
    this.firstLists = options.firstLists;
  }

  /** Lets go of the connection (an SSH session, TLS sockets): after switching to another engine. */
  close(): void {
    this.firstLists?.abandon();
    this.agent?.destroy();
  }

  async ping(timeoutMs: number): Promise<void> {
    // @types/dockerode lacks the options argument dockerode 5 takes.
    const ping = this.docker.ping.bind(this.docker) as unknown as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<unknown>;
    await ping({abortSignal: AbortSignal.timeout(timeoutMs)});
  }

  version(): Promise<EngineVersion> {
    const version = this.docker.version.bind(this.docker) as unknown as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<{Version?: string; ApiVersion?: string}>;
    this.versionPromise ??= version({abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS)}).then(
      (v) => ({version: String(v.Version ?? ''), apiVersion: String(v.ApiVersion ?? '')}),
      (error: unknown) => {
        this.versionPromise = undefined;
        throw error;
      },
    );
    return this.versionPromise;
  }

  identity(): Promise<string> {
    const info = this.docker.info.bind(this.docker) as unknown as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<{ID?: string; Name?: string; DockerRootDir?: string}>;
    const ask = () => info({abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS)});
    this.identityPromise ??= Promise.all([ask(), ask()]).then(
      // Docker keeps its ID in a file; Podman's compatible /info makes up a new one per call
      // (checked on 4.3), so an ID that changes between two calls names nothing: the host's
      // name and the engine's data folder do. An engine without either is known by its address.
      ([a, b]) =>
        a.ID && a.ID === b.ID
          ? a.ID
          : a.Name || a.DockerRootDir
            ? `host:${a.Name ?? ''}:${a.DockerRootDir ?? ''}`
            : `address:${this.address}`,
      (error: unknown) => {
        this.identityPromise = undefined;
        throw error;
      },
    );
    return this.identityPromise;
  }

  /** Browsing through helper containers of `image` on this engine. */
  fileService(image: string): FileService {
    return new DockerFileService(this.docker, image);
  }

  /** The whole volume as a tar stream (backup, clone). */
  openVolumeArchive(
    volume: string,
    image: string,
    onProgress?: (progress: HelperProgress) => void,
  ): Promise<VolumeArchive> {
    return openVolumeArchive(this.docker, volume, image, onProgress);
  }

  /** Stops containers (for a consistent backup or a restore); refused under --read-only. */
  async stopContainers(ids: readonly string[]): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError('stop containers');
    for (const id of ids) await this.docker.getContainer(id).stop().catch(unlessAlready);
  }

  async startContainers(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.docker.getContainer(id).start().catch(unlessAlready);
  }

  /** Puts back containers that were paused before a stop-for-the-duration. */
  async pauseContainers(ids: readonly string[]): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError('pause containers');
    for (const id of ids) await this.docker.getContainer(id).pause();
  }

  prepareHelper(image: string, onProgress: (progress: HelperProgress) => void = () => {}): Promise<void> {
    return ensureHelperImage(this.docker, image, onProgress);
  }

  listTree(volume: string, image: string, linked?: ReadonlySet<string>): Promise<Tree> {
    return listTree(this.docker, volume, image, linked);
  }

  async copyVolume(
    source: string,
    target: string,
    image: string,
    signal?: AbortSignal,
  ): Promise<{source: Tree; target: Tree}> {
    if (this.readOnly) throw new ReadOnlyError(`write into volumes (${target} is kept)`);
    return copyVolume(this.docker, source, target, image, signal);
  }

  volumeIsEmpty(volume: string, image: string): Promise<boolean> {
    return volumeIsEmpty(this.docker, volume, image);
  }

  /** Writes: refused under --read-only like every other write. */
  async emptyVolume(volume: string, image: string): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError(`empty volumes (${volume} is kept)`);
    await emptyVolume(this.docker, volume, image);
  }

  async restoreIntoVolume(
    volume: string,
    image: string,
    body: NodeJS.ReadableStream,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError(`restore into volumes (${volume} is kept)`);
    // The helper's mount would make a missing volume, plain and unlabelled: never create one behind the caller's back.
    await this.docker
      .getVolume(volume)
      .inspect({abortSignal: AbortSignal.timeout(WRITE_TIMEOUT_MS)})
      .catch((error: unknown) => {
        throw (error as {statusCode?: number}).statusCode === 404 ? new VolumeNotFoundError(volume) : error;
      });
    await restoreIntoVolume(this.docker, volume, image, body, signal);
  }

  /** Removes the helpers killed volscope runs left, and the marks of half-done operations whose volume is gone. */
  async sweepOrphans(): Promise<string[]> {
    const [helpers, marks] = await Promise.all([
      sweepOrphanHelpers(this.docker),
      sweepDanglingMarks(this.docker).catch(() => []),
    ]);
    return [...helpers, ...marks];
  }

  async removeVolume(name: string): Promise<void> {
    if (this.readOnly) throw new ReadOnlyError(`remove volumes (${name} is kept)`);
    try {
      await this.docker.getVolume(name).remove({abortSignal: AbortSignal.timeout(WRITE_TIMEOUT_MS)});
    } catch (error) {
      throw toRemoveError(name, error);
    }
  }

  async createVolume(spec: VolumeSpec): Promise<Volume> {
    if (this.readOnly) throw new ReadOnlyError('create volumes');
    // dockerode resolves with a handle, not the engine's answer: ask for the volume as created.
    const abortSignal = AbortSignal.timeout(WRITE_TIMEOUT_MS);
    const create = this.docker.createVolume.bind(this.docker) as unknown as (opts: object) => Promise<Docker.Volume>;
    const handle = await create({
      Name: spec.name,
      Driver: spec.driver,
      Labels: {...spec.labels},
      DriverOpts: {...spec.driverOpts},
      abortSignal,
    });
    return toVolume((await handle.inspect({abortSignal})) as unknown as Parameters<typeof toVolume>[0]);
  }

  async listVolumes(signal?: AbortSignal): Promise<Volume[]> {
    const fresh = async () => volumeList(await getJson(this.docker, '/volumes?', {}, signal));
    return this.firstLists ? this.firstLists.use('volumes', signal, fresh) : fresh();
  }

  async inspectTmpfs(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, TmpfsDetail[]>> {
    const found = new Map<string, TmpfsDetail[]>();
    const queue = [...ids];
    // Four at a time: a host with hundreds of containers must not open hundreds of connections.
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        signal?.throwIfAborted();
        const raw = await this.docker
          .getContainer(id)
          .inspect({...(signal ? {abortSignal: signal} : {})} as object)
          .catch((error: {statusCode?: number}) => {
            if (error.statusCode === 404) return undefined; // removed meanwhile
            throw error;
          });
        if (raw) found.set(id, toTmpfsDetails(raw as unknown as Parameters<typeof toTmpfsDetails>[0]));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return found;
  }

  async listContainers(signal?: AbortSignal): Promise<Container[]> {
    const fresh = async () => containerList(await getJson(this.docker, '/containers/json?', {all: true}, signal));
    return this.firstLists ? this.firstLists.use('containers', signal, fresh) : fresh();
  }

  /**
   * dockerode's df() cannot pass a query, so this dials /system/df itself: with ?type=volume the
   * engine (API >= 1.42) skips images and containers; older engines ignore the parameter.
   */
  async volumeUsage(signal?: AbortSignal): Promise<Map<string, VolumeUsage>> {
    const {apiVersion} = await this.version();
    const options = apiAtLeast(apiVersion, '1.42') ? {type: 'volume'} : {};
    // Engines run one disk usage scan at a time and refuse a second (500 "a disk usage operation
    // is already running") while another client's is under way: wait for it rather than fail.
    for (let attempt = 0; ; attempt++) {
      try {
        const body = await getJson(this.docker, '/system/df?', options, signal, {500: 'server error'});
        if (typeof body !== 'object' || body === null)
          throw new EngineReplyError("the engine's answer to GET /system/df is not an object");
        return toUsage(body);
      } catch (error) {
        if (signal?.aborted || attempt >= 40 || !/operation is already running/.test(engineMessage(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  subscribeEvents(handlers: EventHandlers): Subscription {
    return subscribeEngineEvents(this.docker, handlers, this.firstLists?.replayFrom());
  }
}

/** 304: the container was already in the state asked for, which is what the caller wanted. */
function unlessAlready(error: {statusCode?: number}): void {
  if (error.statusCode !== 304) throw error;
}
