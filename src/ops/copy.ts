import {lstat, stat} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {VolumeCopy} from '../docker/gateway.js';
import {type CopyDestination, CopyPathError} from '../docker/volume-copy.js';
import {hostTar, type HostTarOptions} from '../local/host-tar.js';
import {untarToHost} from '../local/host-untar.js';
import {type CopyLocation, showLocation, volumePathParts} from '../model/copy-location.js';
import {encodePathArg} from '../model/files.js';
import {retar} from './retar.js';

export type HostLocation = Extract<CopyLocation, {kind: 'host'}>;
export type VolumeLocation = Extract<CopyLocation, {kind: 'volume'}>;

export interface CopyRequest {
  readonly sources: readonly CopyLocation[];
  readonly dest: CopyLocation;
  /** The engine a volume side is on (its CONTEXT:, or the one in use). */
  readonly engineOf: (location: VolumeLocation) => VolumeCopy;
  readonly image: string;
  /** -a: owners, modes, times and links as they are. */
  readonly keep: boolean;
  /** --chown UID:GID for what lands in a volume; else the folder's owner (or, with -a, each file's own). */
  readonly chown?: {readonly uid: number; readonly gid: number};
  readonly signal?: AbortSignal;
  /** Content bytes copied so far, all sources together. */
  readonly onBytes?: (bytes: number) => void;
}

export interface CopyReport {
  /** Sources copied whole. */
  copied: number;
  /** Content bytes. */
  bytes: number;
  /** One line per source that was not copied, in cp's words where cp has them. */
  readonly failures: string[];
  /** Copied, but not exactly: a socket or device left out, a file that shrank while it was read. */
  readonly warnings: string[];
}

/** A failure that names a path, as cp words it (`cannot stat 'x': No such file or directory`). */
export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

/**
 * cp for volumes: host → volume, volume → host, volume → volume (the same engine or another).
 * Like cp, each source is copied or named as failed and the rest go on; folders are copied
 * recursively; into an existing folder a source keeps its name, else it takes the destination's.
 */
export async function copy(request: CopyRequest): Promise<CopyReport> {
  const report: CopyReport = {copied: 0, bytes: 0, failures: [], warnings: []};
  let before = 0;
  const counted = {
    ...request,
    onBytes: (bytes: number) => {
      report.bytes = before + bytes;
      request.onBytes?.(report.bytes);
    },
  };
  const attempt = async (work: () => Promise<number>, side: CopyLocation) => {
    try {
      report.copied += await work();
    } catch (error) {
      if (request.signal?.aborted) throw error;
      report.failures.push(failureText(error as Error, side));
    }
    before = report.bytes;
  };
  const {dest, sources} = request;
  if (dest.kind === 'volume') {
    const hosts = sources.filter((s): s is HostLocation => s.kind === 'host');
    if (hosts.length) await attempt(() => hostToVolume(hosts, dest, counted, report), dest);
    for (const source of sources)
      if (source.kind === 'volume')
        await attempt(() => volumeToVolume(source, dest, sources.length > 1, counted), source);
  } else {
    const into = await hostFolder(dest.path, sources.length > 1);
    for (const source of sources)
      await attempt(async () => {
        if (source.kind === 'host') throw new CopyError('both sides are on this machine: use cp');
        return volumeToHost(source, into ? join(dest.path, sourceName(source)) : dest.path, counted);
      }, source);
  }
  return report;
}

/** The helper's refusals name the path in the volume; the volume goes before it. */
function failureText(error: Error, side: CopyLocation): string {
  if (error instanceof CopyPathError)
    return side.kind === 'volume' && error.why !== 'noVolume' ? `${side.volume}:${error.message}` : error.message;
  if (error instanceof CopyError) return error.message;
  return `${showLocation(side)}: ${error.message}`;
}

/** Whether the host destination is an existing folder to copy into (required for several sources). */
async function hostFolder(path: string, several: boolean): Promise<boolean> {
  const there = await stat(path).catch(() => undefined);
  if (there?.isDirectory()) return true;
  if (several) throw new CopyError(`target '${path}' is not a directory`);
  if (!there && !(await stat(dirname(path)).catch(() => undefined))?.isDirectory())
    throw new CopyError(`cannot create '${path}': No such file or directory`);
  return false;
}

function sourceName(source: VolumeLocation): string {
  return volumePathParts(source.path).at(-1) ?? source.volume;
}

function escaped(path: string): string {
  return encodePathArg(volumePathParts(path).map((part) => Buffer.from(part)));
}

/** Where a source lands in the stage: under the destination's physical folder, by name. */
function stagedName(stage: Buffer, destination: CopyDestination, name: Buffer, several: boolean, dest: string): Buffer {
  if (several && destination.kind !== 'folder') throw new CopyError(`target '${dest}' is not a directory`);
  const folder = destination.folder.length ? [Buffer.from('/'), destination.folder] : [];
  const last = destination.kind === 'folder' ? name : destination.name;
  return Buffer.concat([stage, ...folder, Buffer.from('/'), last]);
}

/** u in the browser: one file or folder of this machine into a folder of a volume (escaped, as the helper takes it). */
export async function copyHostIntoFolder(
  engine: VolumeCopy,
  request: {
    volume: string;
    folder: string;
    source: string;
    image: string;
    signal: AbortSignal;
    onBytes: (bytes: number) => void;
  },
): Promise<{bytes: number}> {
  let bytes = 0;
  // Owned by the folder it lands in; times and hard links as they are here.
  await stageHost(engine, {
    volume: request.volume,
    image: request.image,
    dest: request.folder,
    shown: `${request.volume}:/${request.folder}`,
    sources: [{path: request.source, folder: false}],
    signal: request.signal,
    tarOptions: (destination) => ({
      owner: {uid: destination.uid, gid: destination.gid},
      keepOwner: false,
      keepTimes: true,
      keepHardLinks: true,
      onBytes: (n) => {
        bytes = n;
        request.onBytes(n);
      },
    }),
  });
  return {bytes};
}

async function hostToVolume(
  hosts: readonly HostLocation[],
  dest: VolumeLocation,
  request: CopyRequest,
  report: CopyReport,
): Promise<number> {
  const present: {path: string; folder: boolean}[] = [];
  for (const host of hosts) {
    const there = await lstat(host.path).catch(() => undefined);
    if (there) present.push({path: host.path, folder: there.isDirectory()});
    else report.failures.push(`cannot stat '${host.path}': No such file or directory`);
  }
  if (!present.length) return 0;
  await stageHost(request.engineOf(dest), {
    volume: dest.volume,
    image: request.image,
    dest: escaped(dest.path),
    shown: showLocation(dest),
    sources: present,
    several: request.sources.length > 1,
    signal: request.signal,
    tarOptions: (destination) => ({
      owner: request.chown ?? {uid: destination.uid, gid: destination.gid},
      keepOwner: request.keep && !request.chown,
      keepTimes: request.keep,
      keepHardLinks: request.keep,
      onSkipped: (path, why) => report.warnings.push(`${path.toString()}: ${why}`),
      ...(request.onBytes ? {onBytes: request.onBytes} : {}),
    }),
  });
  return present.length;
}

/**
 * Files of this machine into a volume: each named in the stage by where the helper found the
 * destination to be, packed with the owners and times `tarOptions` gives for it.
 */
function stageHost(
  engine: VolumeCopy,
  request: {
    volume: string;
    image: string;
    /** Escaped, as the helper takes it. */
    dest: string;
    /** As messages name the destination. */
    shown: string;
    sources: readonly {path: string; folder: boolean}[];
    several?: boolean;
    signal?: AbortSignal | undefined;
    tarOptions: (destination: CopyDestination) => Omit<HostTarOptions, 'signal'>;
  },
): Promise<unknown> {
  return engine.copyIn(
    request.volume,
    request.image,
    request.dest,
    (destination, stage) => {
      if (destination.kind === 'file' && request.sources.some((p) => p.folder))
        throw new CopyError(`cannot overwrite non-directory '${request.shown}' with directory`);
      const sources = request.sources.map((p) => ({
        path: p.path,
        name: stagedName(stage, destination, Buffer.from(basename(p.path)), request.several ?? false, request.shown),
      }));
      return hostTar(sources, {
        ...request.tarOptions(destination),
        ...(request.signal ? {signal: request.signal} : {}),
      });
    },
    request.signal,
  );
}

async function volumeToHost(source: VolumeLocation, target: string, request: CopyRequest): Promise<number> {
  const out = await request
    .engineOf(source)
    .copyOut(source.volume, request.image, escaped(source.path), request.signal);
  const unpacking = untarToHost(out.tar, target, {
    keep: request.keep,
    ...(request.onBytes ? {onBytes: request.onBytes} : {}),
    ...(request.signal ? {signal: request.signal} : {}),
  });
  // The helper's refusal (a link out, a missing path) says more than the tar it did not send.
  const [unpacked, read] = await Promise.allSettled([unpacking, out.done]);
  if (read.status === 'rejected') throw read.reason;
  if (unpacked.status === 'rejected') throw unpacked.reason;
  return 1;
}

async function volumeToVolume(
  source: VolumeLocation,
  dest: VolumeLocation,
  several: boolean,
  request: CopyRequest,
): Promise<number> {
  const reading = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, reading.signal]) : reading.signal;
  const out = await request.engineOf(source).copyOut(source.volume, request.image, escaped(source.path), signal);
  const root = volumePathParts(source.path).length === 0;
  const writing = request
    .engineOf(dest)
    .copyIn(
      dest.volume,
      request.image,
      escaped(dest.path),
      (destination, stage) => {
        const base = stagedName(stage, destination, Buffer.from(sourceName(source)), several, showLocation(dest));
        return retar(out.tar, {
          rename: (name) => {
            const parts = name
              .toString('latin1')
              .split('/')
              .filter((p) => p !== '' && p !== '.');
            const rest = root ? parts : parts.slice(1);
            return rest.length ? Buffer.concat([base, Buffer.from(`/${rest.join('/')}`, 'latin1')]) : base;
          },
          owner:
            request.keep && !request.chown
              ? undefined
              : (request.chown ?? {uid: destination.uid, gid: destination.gid}),
          keepTimes: request.keep,
          ...(request.onBytes ? {onBytes: request.onBytes} : {}),
        });
      },
      request.signal,
    )
    .catch((error: unknown) => {
      reading.abort();
      throw error;
    });
  const [written, read] = await Promise.allSettled([writing, out.done]);
  // The source helper's refusal (a link out, a missing path) says more than the broken tar it left.
  if (read.status === 'rejected' && read.reason instanceof CopyPathError) throw read.reason;
  if (written.status === 'rejected') throw written.reason;
  if (read.status === 'rejected') throw read.reason;
  return 1;
}
