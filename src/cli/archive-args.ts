import type {VolumeSelector} from '../model/selection.js';
import type {GlobalOptions, Invocation} from './invocation.js';
import {UsageError} from './errors.js';
import type {KeyFlags} from './keys.js';

/** What the archive commands (backup, restore, extract, browse) make of their flags. */

/** Only the age options, checked for the one combination age refuses. */
export function keyFlags(opts: KeyFlags): KeyFlags {
  const {encryptTo, recipientsFile, identity, passphrase, passphraseFile, passphraseFd} = opts;
  const passphrases = [passphrase, passphraseFile !== undefined, passphraseFd !== undefined].filter(Boolean).length;
  if (passphrases > 1)
    throw new UsageError('give the passphrase one way: --passphrase, --passphrase-file or --passphrase-fd.');
  if (passphrases && (encryptTo?.length || recipientsFile?.length))
    throw new UsageError('encrypt to recipients or to a passphrase, not both (age allows one or the other).');
  return {
    ...(encryptTo ? {encryptTo} : {}),
    ...(recipientsFile ? {recipientsFile} : {}),
    ...(identity ? {identity} : {}),
    ...(passphrase ? {passphrase} : {}),
    ...(passphraseFile !== undefined ? {passphraseFile} : {}),
    ...(passphraseFd !== undefined ? {passphraseFd} : {}),
  };
}

interface BackupFlags extends KeyFlags {
  readonly notify?: string[];
  readonly output?: string;
  readonly level: number;
  readonly stopContainers: boolean;
  readonly all: boolean;
  readonly label?: string;
  readonly project?: string;
  readonly keep?: number;
  readonly quiet: boolean;
  readonly breakLock: boolean;
}

/** One volume to a file, or several (names, --all, --label, --project) into a folder: never both ways at once. */
export function backupInvocation(options: GlobalOptions, volumes: string[], opts: BackupFlags): Invocation {
  const selectors: VolumeSelector[] = [
    ...(opts.all ? [{kind: 'all' as const}] : []),
    ...(opts.label ? [{kind: 'label' as const, label: opts.label}] : []),
    ...(opts.project ? [{kind: 'project' as const, project: opts.project}] : []),
  ];
  if (selectors.length > 1 || (selectors.length && volumes.length))
    throw new UsageError('give volume names, or one of --all, --label, --project.');
  if (!selectors.length && !volumes.length)
    throw new UsageError('which volume? Give its name, or --all, --label K[=V], --project NAME.');
  const selector =
    selectors[0] ??
    (volumes.length > 1 || opts.keep !== undefined ? {kind: 'names' as const, names: volumes} : undefined);
  if (selector && (!opts.output || opts.output === '-'))
    throw new UsageError('several volumes (or --keep) need -o DIR: the folder that takes one archive per volume.');
  return {
    command: 'backup',
    options,
    volumes,
    ...(selector ? {selector} : {}),
    level: opts.level,
    stopContainers: opts.stopContainers,
    quiet: opts.quiet,
    breakLock: opts.breakLock,
    keys: keyFlags(opts),
    notify: opts.notify ?? [],
    ...(opts.keep !== undefined ? {keep: opts.keep} : {}),
    ...(opts.output ? {output: opts.output} : {}),
  };
}

interface ExistingFlags {
  readonly overwrite: boolean;
  readonly skipExisting: boolean;
}

function existingChoice(opts: ExistingFlags): 'overwrite' | 'skip' | undefined {
  if (opts.overwrite && opts.skipExisting) throw new UsageError('choose --overwrite or --skip-existing, not both.');
  return opts.overwrite ? 'overwrite' : opts.skipExisting ? 'skip' : undefined;
}

type RestoreFlags = {
  replace: boolean;
  yes: boolean;
  plain: boolean;
  stopContainers: boolean;
  path?: string[];
} & ExistingFlags &
  KeyFlags;

/** A whole restore, or with --path only those files into a volume that keeps the rest. */
export function restoreInvocation(
  options: GlobalOptions,
  file: string,
  volume: string,
  opts: RestoreFlags,
): Invocation {
  const paths = opts.path ?? [];
  const existing = existingChoice(opts);
  if (paths.length && opts.replace)
    throw new UsageError('--path restores some files among the others: it does not go with --replace.');
  if (!paths.length && existing)
    throw new UsageError('--overwrite and --skip-existing are for restoring chosen files: add --path.');
  if (paths.length && file === '-')
    throw new UsageError('--path reads the archive at offsets: give a file or a target, not stdin.');
  return {
    command: 'restore',
    options,
    file,
    volume,
    replace: opts.replace,
    yes: opts.yes,
    plain: opts.plain,
    stopContainers: opts.stopContainers,
    keys: keyFlags({...opts, ...(options.identity ? {identity: options.identity} : {})}),
    paths,
    ...(existing ? {existing} : {}),
  };
}

export function extractInvocation(
  options: GlobalOptions,
  file: string,
  opts: {path: string[]; output: string} & ExistingFlags & KeyFlags,
): Invocation {
  return {
    command: 'extract',
    options,
    file,
    paths: opts.path,
    output: opts.output,
    existing: existingChoice(opts) ?? 'refuse',
    keys: keyFlags({...opts, ...(options.identity ? {identity: options.identity} : {})}),
  };
}
