import type {Unlock} from '../local/age.js';
import {openArchive} from '../local/archive-open.js';
import {clashesIn, type ExistingPolicy, extractInto} from '../local/extract.js';
import {ExportError} from '../local/export.js';
import {selectedTar} from '../local/sub-tar.js';
import {planSelection} from '../model/archive-selection.js';
import {sanitize} from '../model/sanitize.js';
import {ageFailure} from './age-failure.js';
import {OpError} from './errors.js';

export interface ExtractRequest {
  readonly archive: string;
  readonly paths: readonly string[];
  /** A folder on this machine (made if missing); each path lands under it as in the archive. */
  readonly folder: string;
  readonly existing: ExistingPolicy;
  readonly unlock?: Unlock;
  readonly signal?: AbortSignal;
  /** Bytes of tar read out of the archive so far. */
  readonly onProgress?: (bytes: number) => void;
}

export interface ExtractResult {
  readonly written: string[];
  readonly skipped: string[];
  readonly files: number;
  readonly bytes: number;
  readonly scanned: string | undefined;
  /** Bytes of the archive file read, and its size. */
  readonly read: {readonly bytes: number; readonly of: number};
}

/**
 * Chosen files of a backup into a folder on this machine, read by seeking when the archive has
 * its index. Files already there are named before anything is written, unless told to overwrite
 * or skip them; each file lands atomically (local/extract.ts).
 */
export async function extract(request: ExtractRequest): Promise<ExtractResult> {
  const archive = await openArchive(request.archive, {unlock: request.unlock, signal: request.signal}).catch(
    (error: unknown) => {
      throw (
        ageFailure(error, request.archive, ' Nothing was extracted.') ??
        new OpError('unreadable', `Cannot read ${request.archive}: ${(error as Error).message}. Nothing was extracted.`)
      );
    },
  );
  try {
    const {plan, missing} = planSelection(archive, request.paths, true);
    if (missing.length)
      throw new OpError(
        'notFound',
        `${request.archive} holds no ${missing.map((p) => JSON.stringify(sanitize(p))).join(', ')}: nothing was extracted.`,
      );
    if (request.existing === 'refuse') {
      const clashes = await clashesIn(request.folder, [...plan.chosen, ...plan.asFile.values()], plan.folders);
      if (clashes.length)
        throw new OpError(
          'exists',
          `Not extracting into ${request.folder}: ${clashes.length} of the files are there already (${clashes.slice(0, 5).map(sanitize).join(', ')}${clashes.length > 5 ? ', …' : ''}). Nothing was written.`,
        );
    }
    let bytes = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of selectedTar(archive.ranges(plan.ranges), plan, (p) => p)) {
        bytes += chunk.length;
        request.onProgress?.(bytes);
        yield chunk;
      }
    }
    const placed = await extractInto(counted(), request.folder, {
      existing: request.existing,
      signal: request.signal,
    }).catch((error: unknown) => {
      if (request.signal?.aborted)
        throw new OpError('declined', 'Extract cancelled: files not yet in place were not written.');
      if (error instanceof ExportError)
        throw new OpError(error.reason === 'exists' ? 'exists' : 'notWritten', error.message);
      throw new OpError('damaged', `Not extracting from ${request.archive}: ${(error as Error).message}`);
    });
    return {...placed, files: plan.files, bytes: plan.bytes, scanned: archive.scanned, read: archive.read()};
  } finally {
    await archive.close();
  }
}
