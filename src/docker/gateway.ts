import type {EditedFile} from './volume-edit.js';
import type {CopyDestination, CopyOut, StageTar} from './volume-copy.js';
import type {HelperProgress} from '../model/records.js';
import type {RemoveReason} from '../model/cleanup.js';
import type {DiskUsageItem} from '../model/disk-usage.js';
import type {FileEntry, VolumePath} from '../model/files.js';
import type {TmpfsDetail} from '../model/mounts.js';
import type {Tree} from '../model/tree.js';
import type {Container, Volume, VolumeUsage} from '../model/types.js';

export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
}

export interface EngineEvent {
  readonly type: 'volume' | 'container' | string;
  readonly action: string;
  /** Volume name, or container id. */
  readonly id: string;
}

export interface EventHandlers {
  /** The stream is open: events from now on will arrive. */
  onOpen(): void;
  onEvent(event: EngineEvent): void;
  /** The stream ended or failed; the subscriber decides whether to resubscribe. */
  onClose(error: unknown): void;
}

export interface Subscription {
  close(): void;
}

/**
 * Everything volscope asks of an engine. The only door to dockerode; the app and tests speak to
 * this interface (dockerode-gateway for real engines, src/testing/memory-gateway for fast UI tests).
 */
export interface EngineGateway {
  /** Human form of the address, e.g. unix:///var/run/docker.sock */
  readonly address: string;
  ping(timeoutMs: number): Promise<void>;
  version(): Promise<EngineVersion>;
  /**
   * Who the engine is, whatever name reached it (`/info` ID): the size history is kept under it,
   * so two contexts for one engine share a history and a renamed context keeps its own.
   */
  identity(): Promise<string>;
  /** Each read takes a signal: the caller owns the deadline and the user's cancel (LiveStore). */
  listVolumes(signal?: AbortSignal): Promise<Volume[]>;
  listContainers(signal?: AbortSignal): Promise<Container[]>;
  /**
   * The tmpfs mounts of these containers, with size and mode (container inspect: `--tmpfs` ones
   * are nowhere else). One call per container: asked only for containers not yet known (a
   * container's mounts never change), and only while the mounts view is open.
   */
  inspectTmpfs(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, TmpfsDetail[]>>;
  /** Sizes from /system/df: expensive, the engine walks every volume. */
  volumeUsage(signal?: AbortSignal): Promise<Map<string, VolumeUsage>>;
  /** Volume and container events only. */
  subscribeEvents(handlers: EventHandlers): Subscription;
  /** DELETE /volumes/{name}, never forced: the engine refuses a volume in use (RemoveError). */
  removeVolume(name: string): Promise<void>;
  createVolume(spec: VolumeSpec): Promise<Volume>;
}

/** A whole volume as tar, read through a never-started helper. */
export interface VolumeArchive {
  readonly volume: Volume;
  /** The volume's tree as tar, entries relative to its root (`./…`), as `tar -C VOL .` makes them. */
  readonly stream: NodeJS.ReadableStream;
  /** Removes the helper; call it whatever happened. */
  release(): Promise<void>;
}

/**
 * What the volume operations (src/ops: backup, restore, clone, stop-for-the-duration) need of an
 * engine beyond reading: archives out and in, emptying, and container stop/start/pause. Writes
 * are refused by the gateway itself under --read-only. `image` is the helper image to use.
 */
export interface VolumeTransfer {
  /** Makes sure the helper image is there (pulling it if the engine can): checked before an operation creates anything. */
  prepareHelper(image: string, onProgress?: (progress: HelperProgress) => void): Promise<void>;
  openVolumeArchive(
    volume: string,
    image: string,
    onProgress?: (progress: HelperProgress) => void,
  ): Promise<VolumeArchive>;
  /** Unpacks a plain tar into the volume (the engine extracts); aborting cuts the upload. */
  restoreIntoVolume(volume: string, image: string, body: NodeJS.ReadableStream, signal?: AbortSignal): Promise<void>;
  volumeIsEmpty(volume: string, image: string): Promise<boolean>;
  /** Every path of the volume with its type, size, mode, owner, mtime and link target, listed by a read-only helper. */
  /** `linked`: the paths a tar said were hard links, listed without the fields their tar entry lacks. */
  listTree(volume: string, image: string, linked?: ReadonlySet<string>): Promise<Tree>;
  /** A copy inside this engine (`cp -a` in one helper that mounts both), then both trees as listed there. */
  copyVolume(
    source: string,
    target: string,
    image: string,
    signal?: AbortSignal,
  ): Promise<{source: Tree; target: Tree}>;
  emptyVolume(volume: string, image: string): Promise<void>;
  stopContainers(ids: readonly string[]): Promise<void>;
  startContainers(ids: readonly string[]): Promise<void>;
  pauseContainers(ids: readonly string[]): Promise<void>;
}

/**
 * Some files of an archive into a volume that holds others (a partial restore): the engine
 * unpacks them into a staging folder inside the volume (restoreIntoVolume), then a helper renames
 * each into place. Writes are refused under --read-only.
 */
export interface StagedPlacement {
  /** What the volume holds under these paths (escaped for the helper): non-folders and folders, as `./path`. */
  existingPaths(
    volume: string,
    image: string,
    escapedRoots: readonly string[],
  ): Promise<{files: string[]; folders: string[]}>;
  /** Renames what `stage` holds into place (existing files by policy), then removes `stage`; lists what it wrote and skipped. */
  placeStaged(
    volume: string,
    image: string,
    stage: string,
    policy: 'overwrite' | 'skip',
    signal?: AbortSignal,
  ): Promise<{written: string[]; skipped: string[]}>;
  removeStaged(volume: string, image: string, stage: string): Promise<void>;
}

/**
 * Files into and out of a volume (cp, the browser's u): paths are octal-escaped
 * (model/files.ts encodePathArg) and resolved inside a helper, never through a link that leads
 * out of the volume. Writes are refused under --read-only.
 */
export interface VolumeCopy {
  /** Stages what `stageTar` gives under where `dest` resolves, then renames each file into place. */
  copyIn(
    volume: string,
    image: string,
    dest: string,
    stageTar: StageTar,
    signal?: AbortSignal,
  ): Promise<{written: string[]; destination: CopyDestination}>;
  /** The tar of `source` (its top entry `./NAME`, `.` for the root), read as fast as it is taken. */
  copyOut(volume: string, image: string, source: string, signal?: AbortSignal): Promise<CopyOut>;
}

/** A file edited in place: read with what a save checks, written only if unchanged meanwhile. */
export interface VolumeEdit {
  readForEdit(volume: string, image: string, path: string, limit: number): Promise<EditedFile>;
  writeEdited(
    volume: string,
    image: string,
    path: string,
    change: {was: EditedFile; sha256: string; content: Buffer; backup: boolean},
  ): Promise<void>;
}

/** The engine as an operation sees it: lists and volume create/remove, plus the transfer port. */
export type TransferGateway = Pick<
  EngineGateway,
  'address' | 'listVolumes' | 'listContainers' | 'createVolume' | 'removeVolume'
> &
  VolumeTransfer;

export class VolumeNotFoundError extends Error {
  constructor(readonly volume: string) {
    super(`No volume named ${volume} on this engine (\`docker volume ls\` lists them).`);
    this.name = 'VolumeNotFoundError';
  }
}

export interface VolumeSpec {
  readonly name: string;
  readonly driver: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly driverOpts: Readonly<Record<string, string>>;
}

/** Why a volume was not removed: the engine's words are kept verbatim in the message. */
export class RemoveError extends Error {
  constructor(
    readonly reason: RemoveReason,
    message: string,
    /** For inUse: the ids the engine named. */
    readonly containerIds: readonly string[] = [],
  ) {
    super(message);
    this.name = 'RemoveError';
  }
}

/** A write refused because volscope runs with --read-only; thrown by the gateway itself. */
export class ReadOnlyError extends Error {
  constructor(what: string) {
    super(`volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY): it does not ${what}.`);
    this.name = 'ReadOnlyError';
  }
}

/** What went wrong with a file, in words the browser can show as they are. */
export type FileProblem = 'gone' | 'notDirectory' | 'outside' | 'notFile' | 'cannotEnter' | 'failed';

export class FileError extends Error {
  constructor(
    readonly problem: FileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

export type {HelperProgress} from '../model/records.js';

/** Browsing one volume through one helper container; everything is read-only. */
export interface FileSession {
  /** Lists a directory; entries arrive in batches as they stream in. */
  list(path: VolumePath, onEntries: (entries: FileEntry[]) => void, signal?: AbortSignal): Promise<{skipped: number}>;
  /** At most `limit` bytes from the start of a regular file (links resolved inside the volume only). */
  read(path: VolumePath, limit: number): Promise<Buffer>;
  /** Recursive disk usage of every entry of a directory, each as it finishes; abort cancels it inside the helper. */
  diskUsage(
    path: VolumePath,
    onItems: (items: DiskUsageItem[]) => void,
    signal?: AbortSignal,
  ): Promise<{total: number | undefined}>;
  /** A tar stream of the file or directory, through the engine's archive API. */
  archive(path: VolumePath): Promise<NodeJS.ReadableStream>;
  close(): Promise<void>;
}

export interface FileService {
  /** Starts a helper for the volume (pulling its image first when the engine lacks it). */
  open(volume: string, onProgress: (progress: HelperProgress) => void): Promise<FileSession>;
  /** The same for a host path that containers bind, mounted read-only; a missing path is refused (FileError 'gone'), never created. */
  openBind(path: string, onProgress: (progress: HelperProgress) => void): Promise<FileSession>;
  /** Which of these paths the engine's host has (the mounts view's "missing"); nothing is created. */
  probeBinds(paths: readonly string[]): Promise<Map<string, boolean>>;
  /** Removes every helper this process started: on quit and on signals. */
  closeAll(): Promise<void>;
}
