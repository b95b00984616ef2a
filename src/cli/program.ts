import {GROWTH_WINDOWS} from '../model/growth.js';
import {Command, InvalidArgumentError, Option} from 'commander';
import {DEFAULT_HELPER_IMAGE} from '../docker/helper-image.js';
import {VERSION} from '../model/version.js';
import {copyCommand} from './copy-command.js';

/** Whether a command is built: building all of them took ~3 ms of every start. */
type Wanted = (name: string) => boolean;

/**
 * The command line as commander knows it: the global flags, then the commands. Parsing it into an
 * Invocation (without letting commander exit or print) is args.ts's. With `only`, just that command
 * is built ('' builds none): help, suggestions and the implicit `help` command need them all.
 */
export function program(only?: string): Command {
  const root = globalFlags();
  const wanted: Wanted = (name) => only === undefined || name === only;
  volumeCommands(root, wanted);
  historyCommands(root, wanted);
  backupCommand(root, wanted);
  restoreAndCopyCommands(root, wanted);
  return root;
}

/** How to reach the engine, how to draw, which helper image. */
function globalFlags(): Command {
  return new Command('volscope')
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
    .option('--no-history', 'record no size history and read none (growth and last users stay unknown)')
    .addOption(
      new Option('--growth <window>', 'the window GROWTH measures over (TUI, ls, growth): 1h, 24h, 7d or 30d').choices(
        GROWTH_WINDOWS,
      ),
    )
    .addOption(
      new Option(
        '-i, --identity <file>',
        "age secret key file (age-keygen's output) that opens encrypted archives: verify, restore, the TUI's restore; repeatable",
      ).argParser(collect),
    )
    .showSuggestionAfterError()
    .allowExcessArguments(false);
}

/** Reading the engine and removing: ls, mounts, contexts, rm, prune. */
function volumeCommands(root: Command, wanted: Wanted): void {
  if (wanted('ls'))
    root
      .command('ls')
      .description('print the volumes as a table (or JSON) and exit; no terminal needed')
      .option('--json', 'print a JSON array instead of a table', false)
      .option('--no-size', 'skip the size scan (/system/df), which can be slow on big hosts');
  if (wanted('mounts'))
    root
      .command('mounts')
      .description(
        'print every bind mount and tmpfs of every container (host path, size, containers, Compose project) and exit; writes nothing',
      )
      .option('--json', 'print a JSON array instead of a table', false)
      .option('--no-size', 'only check that each bind source exists, do not measure it');
  if (wanted('contexts'))
    root
      .command('contexts')
      .description('list the docker contexts (the current one marked) and exit')
      .option('--json', 'print a JSON array instead of a table', false);
  if (wanted('rm'))
    root
      .command('rm')
      .description('remove volumes no container uses; one in use is named with its containers and kept (exit 1)')
      .argument('<names...>', 'volume names');
  if (wanted('prune'))
    root
      .command('prune')
      .description('remove unused anonymous volumes (with --all: every unused volume), exactly the listed ones')
      .option('--all', 'named volumes too, not only anonymous ones', false)
      .option('--dry-run', 'print what would be removed, with sizes and the total; remove nothing', false)
      .option('-y, --yes', 'do not ask (needed when stdin is not a terminal)', false)
      .option('--label <key[=value]>', 'only volumes with this label, like docker volume prune --filter label=');
}

/** The size history: record (cron), growth, history. */
function historyCommands(root: Command, wanted: Wanted): void {
  if (wanted('record'))
    root
      .command('record')
      .description(
        'measure every volume once and record the sizes and users in the history (for cron or a systemd timer)',
      );
  if (wanted('growth'))
    root
      .command('growth')
      .description('measure now and print the volumes that grew most over --since (from the history)')
      .option('--since <window>', 'how far back: 1h, 24h, 7d or 30d', '24h')
      .option('--top <n>', 'how many volumes at most', '10')
      .option('--json', 'print a JSON array instead of lines', false)
      .option('--fail-over <size>', 'exit 3 when a volume grew more than this (500MB, 2GB, 1GiB)')
      .option('--notify <url>', 'tell a monitor how it went: start, then success or failure (repeatable)', collect);
  if (wanted('history'))
    root
      .command('history')
      .description('print what the size history holds, per engine; --forget clears it')
      .option('--forget [engine]', 'forget one engine (by the name it was last reached by, or its ID), or all')
      .option('--json', 'print JSON instead of lines', false);
}

function backupCommand(root: Command, wanted: Wanted): void {
  if (wanted('backup')) {
    const backup = root
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
      .option(
        '--break-lock',
        "several: take the folder's lock from a run of another host (one not refreshed for an hour is reported so)",
        false,
      )
      .addOption(new Option('--level <n>', 'gzip level, 1 (fast) to 9 (small)').default(6).argParser(gzipLevel))
      .option(
        '--stop-containers',
        'stop running containers that use the volume for the backup, start them again afterwards',
        false,
      )
      .addOption(
        new Option(
          '--encrypt-to <recipient>',
          'encrypt with age for this public key (age1…; repeat for several): the archive is NAME.tar.gz.age',
        ).argParser(collect),
      )
      .addOption(
        new Option(
          '--recipients-file <file>',
          'encrypt for every age1… line of this file (# comments), as age -R',
        ).argParser(collect),
      );
    passphraseOptions(backup, 'encrypt with a passphrase instead');
    notifyOption(backup);
  }
}

/** Monitors told of a run's start, success and failure. */
function notifyOption(command: Command): void {
  command.addOption(
    new Option(
      '--notify <url>',
      'tell this URL on start, success and failure: a healthchecks.io ping URL (/start, /fail), else a JSON POST (ntfy, Uptime Kuma, a webhook); repeatable; its failure never fails the run',
    ).argParser(collect),
  );
}

function restoreAndCopyCommands(root: Command, wanted: Wanted): void {
  if (wanted('backups'))
    root
      .command('backups')
      .description('list the archives in a backup folder: here, sftp://[user@]host[:port]/path or rclone:REMOTE:path')
      .argument('<target>', 'the folder')
      .option('--json', 'print a JSON array instead of a table', false);
  if (wanted('restore')) {
    const restore = root
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
      )
      .addOption(
        new Option(
          '--path <path>',
          'only this file or folder of the archive (repeatable), into a volume that keeps its other files; read by seeking',
        ).argParser(collect),
      )
      .option('--overwrite', 'with --path: replace files that are there already', false)
      .option('--skip-existing', 'with --path: keep files that are there already', false);
    identityOptions(restore);
  }
  archiveFileCommands(root, wanted);
  copyCommand(root, wanted);
  if (wanted('clone'))
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
  if (wanted('empty'))
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
  if (wanted('rename'))
    root
      .command('rename')
      .description(
        'rename a volume no container uses: copied inside the engine, compared, then the old one removed (labels, driver, options carried)',
      )
      .argument('<old>', 'volume to rename')
      .argument('<new>', 'its new name (must not exist)');
  if (wanted('verify')) {
    const verify = root
      .command('verify')
      .description('read a backup end to end: structure, entries, checksum against FILE.sha256')
      .argument('<file>', 'a .tar.gz, .tar or .tar.gz.age (without a key, only its outer checksum is checked)')
      .option(
        '--restore-test',
        "a drill: restore into a scratch volume on the engine (-c/-H), compare what landed with the archive's tree, remove the scratch volume",
        false,
      );
    identityOptions(verify);
    notifyOption(verify);
  }
}

/** Reading inside a backup without restoring it: extract files to this machine, browse it. */
function archiveFileCommands(root: Command, wanted: Wanted): void {
  if (wanted('extract')) {
    const extract = root
      .command('extract')
      .description('copy files and folders out of a backup into a folder here, reading only the parts that hold them')
      .argument('<archive>', 'a backup here, or sftp://…/NAME, rclone:REMOTE:path/NAME')
      .requiredOption('--path <path>', 'a file or folder as the archive holds it (repeatable)', collect)
      .requiredOption('-o, --output <dir>', 'the folder to put them in (made if missing); paths are kept below it')
      .option('--overwrite', 'replace files that are there already', false)
      .option('--skip-existing', 'keep files that are there already', false);
    identityOptions(extract);
  }
  if (wanted('browse')) {
    const browse = root
      .command('browse')
      .description(
        "open a backup in the TUI's file browser, read-only: sizes, what is big, previews, extract and restore of marked files",
      )
      .argument('<archive>', 'a backup here, or sftp://…/NAME, rclone:REMOTE:path/NAME');
    identityOptions(browse);
  }
}

/** What opens an encrypted archive besides the global -i: a passphrase. */
function identityOptions(command: Command): void {
  passphraseOptions(command, 'the passphrase of an encrypted archive');
}

/** A passphrase never on argv: asked on the terminal, or read from a file or descriptor (scripts). */
function passphraseOptions(command: Command, what: string): void {
  command
    .option('--passphrase', `${what}: asked on the terminal, never echoed`, false)
    .option('--passphrase-file <file>', `${what}: the first line of this file`)
    .addOption(
      new Option('--passphrase-fd <n>', `${what}: the first line read from this open file descriptor`).argParser(
        descriptor,
      ),
    );
}

function descriptor(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a file descriptor number (0 or more)');
  return n;
}
function milliseconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError('must be a positive number of milliseconds');
  return parsed;
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
