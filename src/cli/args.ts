import type {KeyFlags} from './keys.js';
import {type Command, CommanderError} from 'commander';
import {UsageError} from './errors.js';
import type {EngineTarget, GlobalOptions, Invocation} from './invocation.js';
import {program} from './program.js';
import {GROWTH_WINDOWS, type GrowthWindow} from '../model/growth.js';
import {parseByteSize} from '../model/format.js';
import {copyInvocation, editInvocation} from './copy-command.js';
import {backupInvocation, extractInvocation, keyFlags, restoreInvocation} from './archive-args.js';

export type {EngineTarget, GlobalOptions, Invocation} from './invocation.js';

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
  restore: restoreInvocation,
  extract: extractInvocation,
  browse: (options, file: string, opts: KeyFlags) => ({
    command: 'browse',
    options,
    file,
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
  cp: copyInvocation,
  edit: editInvocation,
  record: (options) => ({command: 'record', options}),
  growth: growthInvocation,
  history: (options, opts: {forget?: string | boolean; json: boolean}) => ({
    command: 'history',
    options,
    ...(opts.forget !== undefined ? {forget: opts.forget} : {}),
    json: opts.json,
  }),
  verify: (options, file: string, opts: KeyFlags & {notify?: string[]; restoreTest: boolean}) => ({
    command: 'verify',
    options,
    file,
    restoreTest: opts.restoreTest,
    keys: keyFlags({...opts, ...(options.identity ? {identity: options.identity} : {})}),
    notify: opts.notify ?? [],
  }),
};

function growthInvocation(
  options: GlobalOptions,
  opts: {since: string; top: string; json: boolean; failOver?: string; notify?: string[]},
): Invocation {
  if (!(GROWTH_WINDOWS as readonly string[]).includes(opts.since))
    throw new UsageError(`--since ${opts.since}: give one of ${GROWTH_WINDOWS.join(', ')}.`);
  const top = Number(opts.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top ${opts.top}: give a whole number of at least 1.`);
  const failOver = opts.failOver === undefined ? undefined : parseByteSize(opts.failOver);
  if (opts.failOver !== undefined && failOver === undefined)
    throw new UsageError(`--fail-over ${opts.failOver}: give a size such as 500MB, 2GB or 1GiB.`);
  return {
    command: 'growth',
    options,
    since: opts.since as GrowthWindow,
    top,
    json: opts.json,
    ...(failOver !== undefined ? {failOver} : {}),
    notify: opts.notify ?? [],
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
  const named = commandIn(argv);
  let root = program(named);
  // Not one of ours (a typo, `help`): the whole program says so, with its suggestion.
  if (named && root.commands.length === 0) root = program();
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

/**
 * The command argv names, found with the global flags alone ('' when it names none: the TUI), so
 * that only it is built. Undefined, for the whole program, when help is asked for or the global
 * flags do not parse: their error is commander's to say.
 */
function commandIn(argv: readonly string[]): string | undefined {
  if (argv.some((arg) => arg === '-h' || arg === '--help')) return undefined;
  const globalsOnly = program('')
    .exitOverride()
    .configureOutput({writeOut: () => {}, writeErr: () => {}});
  try {
    return globalsOnly.parseOptions([...argv]).operands[0] ?? '';
  } catch {
    return undefined;
  }
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
