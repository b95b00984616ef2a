import {type Command, InvalidArgumentError} from 'commander';
import {UsageError} from './errors.js';
import type {GlobalOptions, Invocation} from './invocation.js';
import type {Wanted} from './option-parsers.js';

/** `volscope cp SRC… DST` and `volscope edit` as commander knows them, each built when `wanted`. */
export function copyCommand(root: Command, wanted: Wanted): void {
  if (wanted('cp'))
    root
      .command('cp')
      .description(
        'copy files and folders into a volume, out of one, or between volumes (on this engine or another), as cp -r does',
      )
      .argument('<paths...>', 'SRC… DST: a path here, or [CONTEXT:]VOLUME:/path')
      .option('-a, --archive', 'keep owners, modes, times and hard links as they are', false)
      .option(
        '--chown <uid:gid>',
        'owner of what lands in a volume (default: the owner of the folder it lands in; with -a, each file its own)',
        owner,
      )
      .option('--progress', 'show the bytes copied so far on stderr', false);
  if (wanted('edit'))
    root
      .command('edit')
      .description(
        'edit a text file inside a volume in $VISUAL/$EDITOR; written back atomically with its owner and mode, unless it changed meanwhile',
      )
      .argument('<file>', '[CONTEXT:]VOLUME:/path')
      .option('--backup', 'keep the old content beside it as NAME.volscope-bak', false);
}

export function editInvocation(options: GlobalOptions, file: string, opts: {backup: boolean}): Invocation {
  return {command: 'edit', options, file, backup: opts.backup};
}

export function copyInvocation(
  options: GlobalOptions,
  paths: string[],
  opts: {archive: boolean; chown?: {uid: number; gid: number}; progress: boolean},
): Invocation {
  if (paths.length < 2) throw new UsageError('cp needs a source and a destination: volscope cp SRC… DST');
  return {
    command: 'cp',
    options,
    sources: paths.slice(0, -1),
    dest: paths.at(-1)!,
    archive: opts.archive,
    ...(opts.chown ? {chown: opts.chown} : {}),
    progress: opts.progress,
  };
}

function owner(value: string): {uid: number; gid: number} {
  const match = /^(\d+)(?::(\d+))?$/.exec(value);
  if (!match) throw new InvalidArgumentError('must be UID or UID:GID, as numbers (the volume has no user names)');
  const uid = Number(match[1]);
  return {uid, gid: match[2] === undefined ? uid : Number(match[2])};
}
