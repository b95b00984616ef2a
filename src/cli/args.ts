import type {KeyFlags} from './keys.js';
import {type Command, CommanderError} from 'commander';
import type {SessionOptions} from '../tui/engine-session.js';
import type {VolumeSelector} from '../model/selection.js';
import {UsageError} from './errors.js';
import {program} from './program.js';

/** One engine named on the command line: by -c or by -H (never both). */
export interface EngineTarget {
  readonly context?: string;
  readonly host?: string;
}

/**
 * The global flags: how to reach the engine (host/context: the only one, when one is named),
 * plus how to draw and which helper image to use. `targets` holds every -c and -H in order
 * given (contexts first); --all-contexts is expanded by the caller, which reads the store.
 */
export interface GlobalOptions extends SessionOptions {
  readonly ascii: boolean;
  /** -i: age identity files, for every command that reads encrypted archives. */
  readonly identity?: readonly string[];
  readonly targets: readonly EngineTarget[];
  readonly allContexts: boolean;
}

export type Invocation =
  | {readonly command: 'tui'; readonly options: GlobalOptions}
  | {readonly command: 'ls'; readonly options: GlobalOptions; readonly json: boolean; readonly sizes: boolean}
  | {readonly command: 'rm'; readonly options: GlobalOptions; readonly names: readonly string[]}
  | {
      readonly command: 'prune';
      readonly options: GlobalOptions;
      readonly all: boolean;
      readonly dryRun: boolean;
      readonly yes: boolean;
      readonly label?: string;
    }
  | {
      readonly command: 'backup';
      readonly options: GlobalOptions;
      /** Volume names given; empty with a selector. */
      readonly volumes: readonly string[];
      readonly selector?: VolumeSelector;
      readonly output?: string;
      readonly level: number;
      readonly stopContainers: boolean;
      readonly keep?: number;
      readonly quiet: boolean;
      readonly keys: KeyFlags;
      readonly notify: readonly string[];
    }
  | {
      readonly command: 'verify';
      readonly options: GlobalOptions;
      readonly file: string;
      readonly restoreTest: boolean;
      readonly keys: KeyFlags;
      readonly notify: readonly string[];
    }
  | {
      readonly command: 'clone';
      readonly options: GlobalOptions;
      readonly source: string;
      readonly target: string;
      readonly labels: boolean;
      readonly removeSource: boolean;
      readonly yes: boolean;
    }
  | {
      readonly command: 'restore';
      readonly options: GlobalOptions;
      readonly file: string;
      readonly volume: string;
      readonly replace: boolean;
      readonly yes: boolean;
      readonly plain: boolean;
      readonly stopContainers: boolean;
      readonly keys: KeyFlags;
    }
  | {
      readonly command: 'empty';
      readonly options: GlobalOptions;
      readonly volume: string;
      readonly yes: boolean;
      readonly stopContainers: boolean;
    }
  | {readonly command: 'rename'; readonly options: GlobalOptions; readonly from: string; readonly to: string}
  | {readonly command: 'contexts'; readonly options: GlobalOptions; readonly json: boolean}
  | {readonly command: 'backups'; readonly options: GlobalOptions; readonly target: string; readonly json: boolean}
  | {readonly command: 'mounts'; readonly options: GlobalOptions; readonly json: boolean; readonly sizes: boolean}
  | {readonly command: 'info'; readonly text: string};

/** What each command's arguments and options make of it; commander calls these with its parsed values. */
const INVOCATIONS: Record<string, (globals: GlobalOptions, ...args: never[]) => Invocation> = {
  ls: (options, opts: {json: boolean; size: boolean}) => ({command: 'ls', options, json: opts.json, sizes: opts.size}),
  mounts: (options, opts: {json: boolean; size: boolean}) => ({
    command: 'mounts',
    options,
    json: opts.json,
    sizes: opts.size,
  }),
  contexts: (options, opts: {json: boolean}) => ({command: 'contexts', options, json: opts.json}),
  backups: (options, target: string, opts: {json: boolean}) => ({command: 'backups', options, target, json: opts.json}),
  rm: (options, names: string[]) => ({command: 'rm', options, names}),
  prune: (options, opts: {all: boolean; dryRun: boolean; yes: boolean; label?: string}) => ({
    command: 'prune',
    options,
    all: opts.all,
    dryRun: opts.dryRun,
    yes: opts.yes,
    ...(opts.label ? {label: opts.label} : {}),
  }),
  backup: backupInvocation,
  restore: (
    options,
    file: string,
    volume: string,
    opts: {replace: boolean; yes: boolean; plain: boolean; stopContainers: boolean} & KeyFlags,
  ) => ({
    command: 'restore',
    options,
    file,
    volume,
    replace: opts.replace,
    yes: opts.yes,
    plain: opts.plain,
    stopContainers: opts.stopContainers,
    keys: keyFlags({...opts, ...(options.identity ? {identity: options.identity} : {})}),
  }),
  clone: (options, source: string, target: string, opts: {labels: boolean; removeSource: boolean; yes: boolean}) => ({
    command: 'clone',
    options,
    source,
    target,
    labels: opts.labels,
    removeSource: opts.removeSource,
    yes: opts.yes,
  }),
  empty: (options, volume: string, opts: {yes: boolean; stopContainers: boolean}) => ({
    command: 'empty',
    options,
    volume,
    yes: opts.yes,
    stopContainers: opts.stopContainers,
  }),
  rename: (options, from: string, to: string) => ({command: 'rename', options, from, to}),
  verify: (options, file: string, opts: KeyFlags & {notify?: string[]; restoreTest: boolean}) => ({
    command: 'verify',
    options,
    file,
    restoreTest: opts.restoreTest,
    keys: keyFlags({...opts, ...(options.identity ? {identity: options.identity} : {})}),
    notify: opts.notify ?? [],
  }),
};

/** Only the age options, checked for the one combination age refuses. */
function keyFlags(opts: KeyFlags): KeyFlags {
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
}

/** One volume to a file, or several (names, --all, --label, --project) into a folder: never both ways at once. */
function backupInvocation(options: GlobalOptions, volumes: string[], opts: BackupFlags): Invocation {
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
    keys: keyFlags(opts),
    notify: opts.notify ?? [],
    ...(opts.keep !== undefined ? {keep: opts.keep} : {}),
    ...(opts.output ? {output: opts.output} : {}),
  };
}

/**
 * Parses argv without letting commander exit or print: the caller owns exit codes (2 for usage
 * errors, with the usage text) and output.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  let result: Invocation | undefined;
  let info = '';
  const quiet = (command: Command) =>
    command.exitOverride().configureOutput({writeOut: (text) => (info += text), writeErr: () => {}});
  const root = program();
  quiet(root).action(() => {
    result = {command: 'tui', options: globals(root)};
  });
  for (const command of root.commands) {
    const make = INVOCATIONS[command.name()];
    if (!make) throw new Error(`no invocation for the command ${command.name()}`);
    // Commander passes the arguments, then the options, then the command itself.
    quiet(command).action((...args: unknown[]) => {
      result = make(globals(root), ...(args as never[]));
    });
  }
  try {
    root.parse([...argv], {from: 'user'});
  } catch (error) {
    const shown =
      error instanceof CommanderError && ['commander.helpDisplayed', 'commander.version'].includes(error.code);
    if (shown) return {command: 'info', text: info};
    if (error instanceof CommanderError) throw new UsageError(error.message.replace(/^error: /, ''));
    throw error;
  }
  if (!result) throw new UsageError('nothing to do');
  return result;
}

/** VOLSCOPE_READ_ONLY=1 (or any value but 0/false/empty) means read-only, like --read-only. */
function globals(root: Command): GlobalOptions {
  const {
    host: hosts = [],
    context: contexts = [],
    ...opts
  } = root.opts<
    Omit<GlobalOptions, 'readOnly' | 'host' | 'context' | 'targets'> & {
      readOnly: boolean | string;
      host?: string[];
      context?: string[];
    }
  >();
  const readOnly = typeof opts.readOnly === 'string' ? !/^(0|false|no|)$/i.test(opts.readOnly) : opts.readOnly;
  const targets: EngineTarget[] = [
    ...[...new Set(contexts)].map((context): EngineTarget => ({context})),
    ...[...new Set(hosts)].map((host): EngineTarget => ({host})),
  ];
  // One of each names one engine, as before: resolveEndpoint says that -c and -H together are one too many.
  const single = targets.length <= 1 || (contexts.length === 1 && hosts.length === 1);
  return {
    ...opts,
    readOnly,
    targets: single
      ? targets.length
        ? [{...(contexts[0] ? {context: contexts[0]} : {}), ...(hosts[0] ? {host: hosts[0]} : {})}]
        : []
      : targets,
    ...(single && contexts[0] ? {context: contexts[0]} : {}),
    ...(single && hosts[0] ? {host: hosts[0]} : {}),
  };
}

/** Commands that act on one engine refuse several: which one would be meant is not for volscope to guess. */
export function oneEngine(options: GlobalOptions, command: string): GlobalOptions {
  if (options.targets.length > 1 || options.allContexts) {
    throw new UsageError(
      `\`volscope ${command}\` works on one engine: give one --context or --host (several engines are for the TUI and \`volscope ls\`).`,
    );
  }
  return options;
}

export function usageText(): string {
  return program().helpInformation();
}
