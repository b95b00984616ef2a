import {randomBytes} from 'node:crypto';
import {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {padding, TAR_END, tarHeader} from '../model/tar-header.js';
import {EDIT_READ_SCRIPT, EDIT_WRITE_SCRIPT} from './copy-scripts.js';
import {HELPER_MOUNT, HelperSession} from './helper.js';
import {refusalOf, requireVolume} from './volume-copy.js';

/** A file as it was read for editing: what a save checks is still there. */
export interface EditedFile {
  readonly content: Buffer;
  /** The whole file's size: more than `content` holds when it is over the limit. */
  readonly size: number;
  /** Seconds, as stat %Y says. */
  readonly mtime: number;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

/** Reads at most `limit` bytes of a regular file, links followed only inside the volume. */
export async function readForEdit(
  docker: Docker,
  options: {volume: string; image: string; path: string; limit: number},
): Promise<EditedFile> {
  await requireVolume(docker, options.volume);
  const session = await HelperSession.start(docker, {image: options.image, volume: options.volume, idleSeconds: 30});
  try {
    const result = await session.exec(['sh', '-c', EDIT_READ_SCRIPT, 'sh', options.path, String(options.limit)]);
    const refused = refusalOf(result.exitCode, result.stdout, options.path);
    if (refused) throw refused;
    if (result.exitCode !== 0)
      throw new Error(`could not read ${options.path}: ${result.stderr.toString('utf8').trim().split('\n')[0]}`);
    const newline = result.stdout.indexOf(0x0a);
    const [size, mtime, uid, gid, mode] = result.stdout.subarray(0, newline).toString('latin1').split(' ');
    return {
      content: result.stdout.subarray(newline + 1),
      size: Number(size),
      mtime: Number(mtime),
      uid: Number(uid),
      gid: Number(gid),
      mode: Number.parseInt(mode ?? '644', 8),
    };
  } finally {
    await session.close().catch(() => undefined);
  }
}

/**
 * Writes new content over the file if it is still as read (size, mtime and SHA-256, checked in
 * the helper just before the rename): staged in the volume with the old owner and mode, then
 * renamed into place, so a reader sees the old file or the new one, never a mix. `backup` keeps
 * the old content as NAME.volscope-bak. A change meanwhile is a CopyPathError('changed').
 */
export async function writeEdited(
  docker: Docker,
  options: {
    volume: string;
    image: string;
    path: string;
    was: EditedFile;
    sha256: string;
    content: Buffer;
    backup: boolean;
  },
): Promise<void> {
  await requireVolume(docker, options.volume);
  const session = await HelperSession.start(docker, {
    image: options.image,
    volume: options.volume,
    idleSeconds: 60,
    writable: true,
  });
  const stage = `.volscope-edit-${randomBytes(4).toString('hex')}`;
  const {was} = options;
  try {
    const now = Math.floor(Date.now() / 1000);
    const tar = Buffer.concat([
      tarHeader({name: Buffer.from(stage), type: 'directory', mode: 0o700, uid: 0, gid: 0, size: 0, mtime: now}),
      tarHeader({
        name: Buffer.from(`${stage}/content`),
        type: 'file',
        mode: was.mode,
        uid: was.uid,
        gid: was.gid,
        size: options.content.length,
        mtime: now,
      }),
      options.content,
      padding(options.content.length),
      TAR_END,
    ]);
    await session.container.putArchive(Readable.from([tar]), {path: HELPER_MOUNT});
    const result = await session.exec([
      'sh',
      '-c',
      EDIT_WRITE_SCRIPT,
      'sh',
      options.path,
      stage,
      String(was.size),
      String(was.mtime),
      options.sha256,
      options.backup ? '1' : '0',
    ]);
    const refused = refusalOf(result.exitCode, result.stdout, options.path);
    if (refused) throw refused;
    if (result.exitCode !== 0)
      throw new Error(`could not write ${options.path}: ${result.stderr.toString('utf8').trim().split('\n')[0]}`);
  } finally {
    await session.exec(['sh', '-c', 'rm -rf "/volume/$1"', 'sh', stage]).catch(() => undefined);
    await session.close().catch(() => undefined);
  }
}
