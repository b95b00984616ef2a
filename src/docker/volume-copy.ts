import {randomBytes} from 'node:crypto';
import {PassThrough, Readable} from 'node:stream';
import type Docker from 'dockerode';
import {DEST_SCRIPT, SOURCE_SCRIPT} from './copy-scripts.js';
import {HELPER_MOUNT, HelperSession} from './helper.js';
import {MOVE_EACH, MOVE_SCRIPT, type PlacedPaths, placedFrom} from './volume-placing.js';

/** Where a copy into a volume lands, as the helper found it (links resolved inside the volume). */
export interface CopyDestination {
  /** `folder`: into it; `file`: an existing file, replaced; `new`: a name not there yet. */
  readonly kind: 'folder' | 'file' | 'new';
  /** The physical folder, relative to the volume's root (empty: the root). */
  readonly folder: Buffer;
  /** The name in it (empty for `folder`). */
  readonly name: Buffer;
  /** The folder's owner: what copied files get unless kept or chosen. */
  readonly uid: number;
  readonly gid: number;
}

export type CopyRefusal = 'link' | 'missing' | 'notFolder' | 'notFile' | 'dotdot' | 'changed' | 'noVolume';

/** A path the helper would not read or write through, worded as cp words it where cp has words. */
export class CopyPathError extends Error {
  constructor(
    readonly why: CopyRefusal,
    readonly path: string,
    readonly target = '',
  ) {
    super(copyRefusalText(why, path, target));
    this.name = 'CopyPathError';
  }
}

function copyRefusalText(why: CopyRefusal, path: string, target: string): string {
  switch (why) {
    case 'link':
      return `${path} is a link that leads outside the volume (to ${target || 'nowhere'}): volscope neither reads nor writes through it`;
    case 'missing':
      return `${path}: No such file or directory`;
    case 'notFolder':
      return `${path}: Not a directory`;
    case 'notFile':
      return `${path}: not a regular file`;
    case 'dotdot':
      return 'a path inside a volume may not hold ..';
    case 'changed':
      return `${path} changed in the volume meanwhile`;
    case 'noVolume':
      return `no volume named ${path} on this engine (\`docker volume ls\` lists them; \`docker volume create ${path}\` makes one)`;
  }
}

const REFUSAL_BY_EXIT: Record<number, CopyRefusal> = {
  91: 'dotdot',
  92: 'link',
  93: 'missing',
  94: 'notFolder',
  96: 'notFile',
  99: 'changed',
};

/** The refusal a script printed (`why\0path\0target`), or undefined when the exit is not one. */
export function refusalOf(exitCode: number, stdout: Buffer, fallbackPath: string): CopyPathError | undefined {
  const why = REFUSAL_BY_EXIT[exitCode];
  if (!why) return undefined;
  const [, path, target] = stdout.toString('utf8').split('\0');
  return new CopyPathError(why, `/${path ?? ''}`.replace(/^\/+/, '/') || fallbackPath, (target ?? '').trim());
}

/** A helper mounting a missing volume would create it: a typo must not make a volume. */
export async function requireVolume(docker: Docker, volume: string): Promise<void> {
  await docker
    .getVolume(volume)
    .inspect()
    .catch((error: {statusCode?: number}) => {
      throw error.statusCode === 404 ? new CopyPathError('noVolume', volume) : error;
    });
}

/** Tar entries to stage: named under `stage/` + the destination's folder, by what the helper found. */
export type StageTar = (destination: CopyDestination, stage: Buffer) => AsyncIterable<Buffer>;

/**
 * Files into a volume through one writable helper: where they land is resolved inside it (links
 * followed only inside the volume), the engine unpacks the tar into a staging folder in the
 * volume (keeping the owners, modes and times the tar says), and each file is then renamed
 * into place, so it is there whole or not at all. A cancel or a failure removes the staging
 * folder and leaves every file not yet moved as it was.
 */
export async function copyIntoVolume(
  docker: Docker,
  options: {volume: string; image: string; dest: string; signal?: AbortSignal | undefined},
  stageTar: StageTar,
): Promise<PlacedPaths & {destination: CopyDestination}> {
  await requireVolume(docker, options.volume);
  const session = await HelperSession.start(docker, {
    image: options.image,
    volume: options.volume,
    idleSeconds: 300,
    writable: true,
  });
  const stage = `.volscope-copy-${randomBytes(4).toString('hex')}`;
  let staged = false;
  try {
    const destination = await resolveDestination(session, options.dest);
    staged = true;
    const body = Readable.from(stageTar(destination, Buffer.from(stage)), {objectMode: false});
    await session.container.putArchive(body, {
      path: HELPER_MOUNT,
      ...(options.signal ? {abortSignal: options.signal} : {}),
    });
    options.signal?.throwIfAborted();
    const moved = await session.exec(['sh', '-c', MOVE_SCRIPT, 'sh', stage, 'overwrite', MOVE_EACH]);
    staged = false;
    const placed = placedFrom(moved.stdout);
    if (moved.exitCode !== 0) throw new Error(`could not move the files into place: exit ${moved.exitCode}`);
    return {...placed, destination};
  } finally {
    if (staged) await session.exec(['sh', '-c', 'rm -rf "/volume/$1"', 'sh', stage]).catch(() => undefined);
    await session.close().catch(() => undefined);
  }
}

async function resolveDestination(session: HelperSession, dest: string): Promise<CopyDestination> {
  const result = await session.exec(['sh', '-c', DEST_SCRIPT, 'sh', dest]);
  const refused = refusalOf(result.exitCode, result.stdout, dest);
  if (refused) throw refused;
  if (result.exitCode !== 0)
    throw new Error(`could not look at ${dest} in the volume: ${result.stderr.toString('utf8').trim()}`);
  const [kind, folder, name, owner] = splitNul(result.stdout, 4);
  const [uid, gid] = (owner ?? Buffer.alloc(0)).toString('latin1').trim().split(' ').map(Number);
  return {
    kind: kind!.toString('latin1') as CopyDestination['kind'],
    folder: folder!.subarray(folder![0] === 0x2f ? 1 : 0),
    name: name!,
    uid: uid ?? 0,
    gid: gid ?? 0,
  };
}

/** The first `count` NUL-separated fields, the last one holding the rest. */
function splitNul(buffer: Buffer, count: number): Buffer[] {
  const fields: Buffer[] = [];
  let from = 0;
  while (fields.length < count - 1) {
    const at = buffer.indexOf(0, from);
    if (at < 0) break;
    fields.push(buffer.subarray(from, at));
    from = at + 1;
  }
  fields.push(buffer.subarray(from));
  return fields;
}

/** A copy out of a volume under way: the tar of the path (its top entry `./NAME`, or `.` for the root). */
export interface CopyOut {
  readonly tar: NodeJS.ReadableStream;
  /** Settles when the helper is gone; rejects with why the path was not read. */
  readonly done: Promise<void>;
}

/**
 * The tar of a path in a volume, made by tar inside a read-only helper after its parents were
 * resolved there (a link out of the volume is refused, never followed into the helper's files).
 * The engine is read only as fast as the consumer takes the tar.
 */
export async function copyOutOfVolume(
  docker: Docker,
  options: {volume: string; image: string; source: string; signal?: AbortSignal | undefined},
): Promise<CopyOut> {
  await requireVolume(docker, options.volume);
  const session = await HelperSession.start(docker, {image: options.image, volume: options.volume, idleSeconds: 300});
  const tar = new PassThrough({highWaterMark: 1 << 20});
  const head: Buffer[] = [];
  let seen = 0;
  // The first bytes are kept apart: a refusal is words on stdout, not a tar.
  const sniff = new PassThrough({highWaterMark: 1 << 20});
  sniff.on('data', (chunk: Buffer) => {
    if (seen < 512) head.push(chunk);
    seen += chunk.length;
  });
  sniff.pipe(tar);
  const done = session
    .execPipe(['sh', '-c', SOURCE_SCRIPT, 'sh', options.source], sniff, options.signal)
    .then(({exitCode, stderr}) => {
      const refused = refusalOf(exitCode, Buffer.concat(head), options.source);
      if (refused) throw refused;
      if (exitCode !== 0)
        throw new Error(
          `tar in the helper failed (exit ${exitCode}): ${stderr.toString('utf8').trim().split('\n')[0]}`,
        );
      sniff.end();
    })
    .catch((error: Error) => {
      tar.destroy(error);
      throw error;
    })
    .finally(() => session.close().catch(() => undefined));
  done.catch(() => undefined);
  return {tar, done};
}
