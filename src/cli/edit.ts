import type {VolumeEdit} from '../docker/gateway.js';
import {makeEditCopy, runEditor} from '../local/editor.js';
import {encodePathArg} from '../model/files.js';
import {sanitize} from '../model/sanitize.js';
import {OpError} from '../ops/errors.js';
import {openForEdit, saveEdit} from '../ops/edit.js';
import {EXIT} from './errors.js';

/**
 * `volscope edit VOLUME:/path`: the file in $VISUAL/$EDITOR, written back atomically with its
 * owner and mode if it did not change in the volume meanwhile; otherwise the edit is kept here,
 * named, and nothing is written.
 */
export async function runEdit(
  engine: VolumeEdit,
  target: {volume: string; parts: readonly string[]; shown: string},
  options: {image: string; backup: boolean},
  io: {out: NodeJS.WritableStream; err: NodeJS.WritableStream},
): Promise<number> {
  const path = encodePathArg(target.parts.map((part) => Buffer.from(part)));
  const shown = sanitize(target.shown);
  try {
    const opened = await openForEdit(engine, target.volume, options.image, path);
    const copy = makeEditCopy(target.parts.at(-1) ?? 'file', opened.file.content);
    const edited = runEditor(copy.path);
    if (!edited.ok) {
      io.err.write(`volscope edit: ${sanitize(edited.why)}; nothing was written. Your copy is ${copy.path}\n`);
      return EXIT.failure;
    }
    try {
      const {written} = await saveEdit(engine, {
        volume: target.volume,
        image: options.image,
        path,
        opened,
        content: copy.read(),
        backup: options.backup,
      });
      copy.remove();
      io.out.write(
        written
          ? `Wrote ${shown}${options.backup ? ` (the old content kept as ${sanitize(target.parts.at(-1) ?? '')}.volscope-bak)` : ''}.\n`
          : `No change: ${shown} was left as it was.\n`,
      );
      return EXIT.ok;
    } catch (error) {
      if (error instanceof OpError && error.reason === 'changed') {
        io.err.write(
          `volscope edit: ${shown} changed in the volume while you edited it; nothing was written. Your edit is kept in ${copy.path}\n`,
        );
        return EXIT.failure;
      }
      io.err.write(
        `volscope edit: ${sanitize((error as Error).message)}; nothing was written. Your edit is kept in ${copy.path}\n`,
      );
      return EXIT.failure;
    }
  } catch (error) {
    io.err.write(`volscope edit: ${sanitize((error as Error).message)}\n`);
    return EXIT.failure;
  }
}
