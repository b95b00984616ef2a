import {Command, CommanderError, InvalidArgumentError, Option} from 'commander';
import {DEFAULT_HELPER_IMAGE} from '../docker/helper-image.js';
import type {SessionOptions} from '../tui/engine-session.js';
import type {VolumeSelector} from '../model/selection.js';
import {UsageError} from './errors.js';
import {VERSION} from '../model/version.js';

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
    }
  | {readonly command: 'verify'; readonly options: GlobalOptions; readonly file: string}
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
  | {readonly command: 'mounts'; readonly options: GlobalOptions; readonly json: boolean; readonly sizes: boolean}
  | {readonly command: 'info'; readonly text: string};

function milliseconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError('must be a positive number of milliseconds');
  return parsed;
}

function program(): Command {
  const root = new Command('volscope')
    .description('A keyboard-driven terminal UI for Docker volumes: sizes, attached containers, live.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .addOption(
      new Option(
        '-H, --host <url>',
        'engine address: unix:///path, tcp://host:port, ssh://user@host[:port][/remote/socket] (default: DOCKER_HOST, then the docker context, then /var/run/docker.sock); repeat for several engines in one table (TUI and ls)',
      ).argParser(collect),
    )
    .addOption(
      new Option(
        '-c, --context <name>',
        'docker context to use (default: DOCKER_CONTEXT, then the current context of the docker CLI); repeat for several engines in one table (TUI and ls)',
      ).argParser(collect),
    )
    .option(
      '--all-contexts',
      "every context of the docker CLI's store, default included, in one table (TUI and ls)",
      false,
    )
    .option('--tls', 'use TLS for tcp:// (certificates are verified; implied by the other --tls options)')
    .option('--tlsverify', 'use TLS and verify the engine (the same as --tls here: volscope always verifies)')
    .option(
      '--tlscacert <file>',
      "CA that signed the engine's certificate (default: DOCKER_CERT_PATH/ca.pem, else the system's CAs)",
    )
    .option('--tlscert <file>', 'client certificate (default: DOCKER_CERT_PATH/cert.pem)')
    .option('--tlskey <file>', 'client key (default: DOCKER_CERT_PATH/key.pem)')
    .addOption(
      new Option('--timeout <ms>', 'how long to wait for the engine to answer the first ping')
        .default(5000)
        .argParser(milliseconds),
    )
    .option('--ascii', 'draw with ASCII symbols only (automatic when the locale is not UTF-8)', false)
    .addOption(
      new Option('--read-only', 'no destructive action at all: rm, prune and create are refused, their keys absent')
        .env('VOLSCOPE_READ_ONLY')
        .default(false),
    )
    .addOption(
      new Option(
        '--helper-image <image>',
        'image of the read-only helper container used to browse files (busybox-based)',
      )
        .env('VOLSCOPE_HELPER_IMAGE')
        .default(DEFAULT_HELPER_IMAGE),
    )
    .showSuggestionAfterError()
    .allowExcessArguments(false);
  root
    .command('ls')
    .description('print the volumes as a table (or JSON) and exit; no terminal needed')
    .option('--json', 'print a JSON array instead of a table', false)
    .option('--no-size', 'skip the size scan (/system/df), which can be slow on big hosts');
  root
    .command('mounts')
    .description(
      'print every bind mount and tmpfs of every container (host path, size, containers, Compose project) and exit; writes nothing',
    )
    .option('--json', 'print a JSON array instead of a table', false)
    .option('--no-size', 'only check that each bind source exists, do not measure it');
  root
    .command('contexts')
    .description('list the docker contexts (the current one marked) and exit')
    .option('--json', 'print a JSON array instead of a table', false);
  root
    .command('rm')
    .description('remove volumes no container uses; one in use is named with its containers and kept (exit 1)')
    .argument('<names...>', 'volume names');
  root
    .command('prune')
    .description('remove unused anonymous volumes (with --all: every unused volume), exactly the listed ones')
    .option('--all', 'named volumes too, not only anonymous ones', false)
    .option('--dry-run', 'print what would be removed, with sizes and the total; remove nothing', false)
    .option('-y, --yes', 'do not ask (needed when stdin is not a terminal)', false)
    .option('--label <key[=value]>', 'only volumes with this label, like docker volume prune --filter label=');
  root
    .command('backup')
    .description(
      'write a volume (or several: one archive each, into a folder) to a local .tar.gz with labels and driver recorded inside, then check it',
    )
    .argument('[volumes...]', 'volume names')
    .option('--all', 'every volume of the engine', false)
    .option('--label <key[=value]>', 'every volume with this label')
    .option('--project <name>', 'every volume of this Compose project (labelled, or mounted by its containers)')
    .option(
      '-o, --output <path>',
      'one volume: the file (- for stdout; a folder takes ./VOLUME-UTCSTAMP.tar.gz); several: the folder, made if missing (default: ./VOLUME-UTCSTAMP.tar.gz)',
    )
    .addOption(
      new Option(
        '--keep <n>',
        "several: after each new archive is checked, remove that volume's older volscope archives in the folder beyond the newest N",
      ).argParser(positiveInteger),
    )
    .option('-q, --quiet', 'several: print nothing on success (failures still go to stderr)', false)
    .addOption(new Option('--level <n>', 'gzip level, 1 (fast) to 9 (small)').default(6).argParser(gzipLevel))
    .option(
      '--stop-containers',
      'stop running containers that use the volume for the backup, start them again afterwards',
      false,
    );
  root
    .command('restore')
    .description(
      'unpack a backup (.tar.gz or .tar, also the usual tar czf recipe) into a volume, checked as it streams (undone if it proves damaged)',
    )
    .argument('<file>', 'the archive, or - for stdin')
    .argument('<volume>', 'volume to restore into; created as recorded in the backup when missing')
    .option('--replace', 'empty a volume that holds files first (asks for its name unless --yes)', false)
    .option('-y, --yes', 'do not ask', false)
    .option('--plain', 'create a missing volume plain (local driver, no labels) instead of as recorded', false)
    .option(
      '--stop-containers',
      'stop running containers that use the volume for the restore, start them again afterwards',
      false,
    );
  root
    .command('clone')
    .description(
      'copy a volume into a new one, on the same engine or another (CONTEXT:VOLUME), streamed with no local file and verified',
    )
    .argument('<source>', 'volume to copy: NAME on the engine in use, or CONTEXT:NAME')
    .argument('<target>', "new volume (created with the source's driver, options and labels): NAME or CONTEXT:NAME")
    .option('--no-labels', 'do not copy the labels')
    .option(
      '--remove-source',
      'a move: remove the source once the copy is verified, if no container uses it (asks for its name unless --yes)',
      false,
    )
    .option('-y, --yes', 'do not ask', false);
  root
    .command('empty')
    .description(
      'delete everything inside a volume and keep the volume (name, driver, labels); asks for its name unless --yes',
    )
    .argument('<volume>', 'volume name')
    .option('-y, --yes', 'do not ask (needed when stdin is not a terminal)', false)
    .option(
      '--stop-containers',
      'stop running containers that use the volume for the duration, start them again afterwards',
      false,
    );
  root
    .command('rename')
    .description(
      'rename a volume no container uses: copied inside the engine, compared, then the old one removed (labels, driver, options carried)',
    )
    .argument('<old>', 'volume to rename')
    .argument('<new>', 'its new name (must not exist)');
  root
    .command('verify')
    .description('read a backup end to end: structure, entries, checksum against FILE.sha256')
    .argument('<file>', 'a .tar.gz or .tar');
  return root;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number, 1 or more');
  return n;
}

function gzipLevel(value: string): number {
  const level = Number(value);
  if (!Number.isInteger(level) || level < 1 || level > 9)
    throw new InvalidArgumentError('must be a whole number from 1 to 9');
  return level;
}

/**
 * Parses argv without letting commander exit or print: the caller owns exit codes (2 for usage
 * errors, with the usage text) and output.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  let result: Invocation | undefined;
  let info = '';
  const root = program();
  root.exitOverride().configureOutput({writeOut: (text) => (info += text), writeErr: () => {}});
  root.action(() => {
    result = {command: 'tui', options: globals(root)};
  });
  root.commands
    .find((command) => command.name() === 'ls')!
    .exitOverride()
    .configureOutput({writeOut: (text) => (info += text), writeErr: () => {}})
    .action((opts: {json: boolean; size: boolean}) => {
      result = {command: 'ls', options: globals(root), json: opts.json, sizes: opts.size};
    });
  const sub = (name: string) => {
    const command = root.commands.find((c) => c.name() === name)!;
    command.exitOverride().configureOutput({writeOut: (text) => (info += text), writeErr: () => {}});
    return command;
  };
  sub('mounts').action((opts: {json: boolean; size: boolean}) => {
    result = {command: 'mounts', options: globals(root), json: opts.json, sizes: opts.size};
  });
  sub('contexts').action((opts: {json: boolean}) => {
    result = {command: 'contexts', options: globals(root), json: opts.json};
  });
  sub('rm').action((names: string[]) => {
    result = {command: 'rm', options: globals(root), names};
  });
  sub('prune').action((opts: {all: boolean; dryRun: boolean; yes: boolean; label?: string}) => {
    result = {
      command: 'prune',
      options: globals(root),
      all: opts.all,
      dryRun: opts.dryRun,
      yes: opts.yes,
      ...(opts.label ? {label: opts.label} : {}),
    };
  });
  sub('backup').action(
    (
      volumes: string[],
      opts: {
        output?: string;
        level: number;
        stopContainers: boolean;
        all: boolean;
        label?: string;
        project?: string;
        keep?: number;
        quiet: boolean;
      },
    ) => {
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
      result = {
        command: 'backup',
        options: globals(root),
        volumes,
        ...(selector ? {selector} : {}),
        level: opts.level,
        stopContainers: opts.stopContainers,
        quiet: opts.quiet,
        ...(opts.keep !== undefined ? {keep: opts.keep} : {}),
        ...(opts.output ? {output: opts.output} : {}),
      };
    },
  );
  sub('restore').action(
    (file: string, volume: string, opts: {replace: boolean; yes: boolean; plain: boolean; stopContainers: boolean}) => {
      result = {
        command: 'restore',
        options: globals(root),
        file,
        volume,
        replace: opts.replace,
        yes: opts.yes,
        plain: opts.plain,
        stopContainers: opts.stopContainers,
      };
    },
  );
  sub('clone').action(
    (source: string, target: string, opts: {labels: boolean; removeSource: boolean; yes: boolean}) => {
      result = {
        command: 'clone',
        options: globals(root),
        source,
        target,
        labels: opts.labels,
        removeSource: opts.removeSource,
        yes: opts.yes,
      };
    },
  );
  sub('empty').action((volume: string, opts: {yes: boolean; stopContainers: boolean}) => {
    result = {command: 'empty', options: globals(root), volume, yes: opts.yes, stopContainers: opts.stopContainers};
  });
  sub('rename').action((from: string, to: string) => {
    result = {command: 'rename', options: globals(root), from, to};
  });
  sub('verify').action((file: string) => {
    result = {command: 'verify', options: globals(root), file};
  });
  try {
    root.parse([...argv], {from: 'user'});
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
    ) {
      return {command: 'info', text: info};
    }
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
