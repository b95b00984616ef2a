import {createHash} from 'node:crypto';
import {isUtf8} from 'node:buffer';
import type {VolumeEdit} from '../docker/gateway.js';
import {CopyPathError} from '../docker/volume-copy.js';
import type {EditedFile} from '../docker/volume-edit.js';
import {formatSize} from '../model/format.js';
import {OpError} from './errors.js';

/** Files over this are not opened in an editor: a config file is never this big, a database may be. */
export const EDIT_LIMIT = 10 * 1024 * 1024;

export interface OpenedEdit {
  readonly file: EditedFile;
  readonly sha256: string;
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * A file of a volume, read to be edited: text only (UTF-8, no NUL) and at most EDIT_LIMIT, with
 * what a save will check is unchanged (size, mtime, SHA-256).
 */
export async function openForEdit(
  engine: VolumeEdit,
  volume: string,
  image: string,
  path: string,
): Promise<OpenedEdit> {
  const file = await engine.readForEdit(volume, image, path, EDIT_LIMIT + 1).catch(refusal);
  // The escaped path (odd bytes as octal escapes) is what a message can show of it.
  const shown = `${volume}:/${path}`;
  if (file.size > EDIT_LIMIT)
    throw new OpError(
      'notText',
      `${shown} is ${formatSize(file.size, '?')}, over the ${formatSize(EDIT_LIMIT, '?')} volscope edits in place: copy it out (volscope cp) to work on it.`,
    );
  if (file.content.includes(0) || !isUtf8(file.content))
    throw new OpError(
      'notText',
      `${shown} is binary (not UTF-8 text): an editor would damage it. Copy it out with volscope cp.`,
    );
  return {file, sha256: sha256(file.content)};
}

/**
 * Writes the edited content back if the file is still as it was opened; otherwise nothing is
 * written and the caller keeps the edit (the error says where). Same content: nothing to do.
 */
export async function saveEdit(
  engine: VolumeEdit,
  request: {volume: string; image: string; path: string; opened: OpenedEdit; content: Buffer; backup: boolean},
): Promise<{written: boolean}> {
  if (request.content.equals(request.opened.file.content)) return {written: false};
  await engine
    .writeEdited(request.volume, request.image, request.path, {
      was: request.opened.file,
      sha256: request.opened.sha256,
      content: request.content,
      backup: request.backup,
    })
    .catch(refusal);
  return {written: true};
}

/** The helper's refusals as operation errors with the words a person acts on. */
function refusal(error: unknown): never {
  if (error instanceof CopyPathError) {
    if (error.why === 'changed') throw new OpError('changed', error.message);
    throw new OpError(error.why === 'missing' || error.why === 'noVolume' ? 'notFound' : 'badRequest', error.message);
  }
  throw error;
}
