import {createHash, randomBytes} from 'node:crypto';
import {unlinkSync} from 'node:fs';
import {link, open, rename, unlink, writeFile} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import {type BackupManifest, encodeManifest, paxGlobalHeader} from '../model/backup-manifest.js';
import {ExportError, resolveDestination} from './export.js';
import {gzipMembers} from './parallel-gzip.js';

export interface BackupProgress {
  /** Bytes of tar read from the engine so far. */
  readonly rawBytes: number;
  /** Bytes of .tar.gz written so far. */
  readonly writtenBytes: number;
}

export interface BackupResult {
  readonly path: string | undefined;
  readonly rawBytes: number;
  readonly writtenBytes: number;
  /** SHA-256 of the .tar.gz as written, hex. */
  readonly sha256: string;
}

export interface BackupOptions {
  readonly manifest: BackupManifest;
  /** gzip level 1-9. */
  readonly level: number;
  readonly onProgress?: (progress: BackupProgress) => void;
  readonly signal?: AbortSignal;
}

/** Temporary files of backups under way: removed at once if volscope quits midway. */
const unfinished = new Set<string>();

export function removeUnfinishedBackups(): void {
  for (const path of unfinished) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  unfinished.clear();
}

/** `-` means stdout (for piping, e.g. over ssh); anything else is a file name. */
export type BackupTarget = {readonly kind: 'file'; readonly path: string} | {readonly kind: 'stream'; readonly stream: NodeJS.WritableStream};

/**
 * Writes the engine's tar stream of a volume as a .tar.gz: a pax global header with the
 * manifest first, then the tar as the engine sent it (entries relative to the volume root),
 * compressed in parallel gzip members. A file is written under a temporary name, fsynced and
 * hard-linked into place (never over an existing file), with `FILE.sha256` beside it in the
 * format `sha256sum -c` reads.
 */
export async function writeBackup(tar: AsyncIterable<Buffer>, target: BackupTarget, options: BackupOptions): Promise<BackupResult> {
  const hash = createHash('sha256');
  let rawBytes = 0;
  let writtenBytes = 0;
  const {signal} = options;
  const header = paxGlobalHeader({comment: encodeManifest(options.manifest)}, Date.now() / 1000);
  async function* source(): AsyncGenerator<Buffer> {
    yield header;
    for await (const chunk of tar) {
      signal?.throwIfAborted();
      rawBytes += chunk.length;
      yield chunk;
    }
  }
  const members = gzipMembers(source(), {level: options.level, parallel: 4});
  const report = () => options.onProgress?.({rawBytes, writtenBytes});

  if (target.kind === 'stream') {
    for await (const member of members) {
      hash.update(member);
      writtenBytes += member.length;
      if (!target.stream.write(member)) await new Promise((resolve) => target.stream.once('drain', resolve));
      report();
    }
    return {path: undefined, rawBytes, writtenBytes, sha256: hash.digest('hex')};
  }

  const path = resolveDestination(target.path);
  const temp = join(dirname(path), `.${basename(path)}.volscope-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new ExportError('noFolder', `The folder ${dirname(path)} does not exist: create it first or choose another path.`);
    throw error;
  });
  unfinished.add(temp);
  try {
    for await (const member of members) {
      hash.update(member);
      await handle.write(member);
      writtenBytes += member.length;
      report();
    }
    await handle.sync();
    await handle.close();
    await link(temp, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new ExportError('exists', `${path} already exists: choose another name or remove it first.`);
      throw error;
    });
    const sha256 = hash.digest('hex');
    const sidecar = `${path}.sha256`;
    const sidecarTemp = `${sidecar}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(sidecarTemp, `${sha256}  ${basename(path)}\n`, {flush: true});
    await rename(sidecarTemp, sidecar);
    return {path, rawBytes, writtenBytes, sha256};
  } finally {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    unfinished.delete(temp);
  }
}
