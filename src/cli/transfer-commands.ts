import {type Command, Option} from 'commander';
import {copyCommand} from './copy-command.js';
import {collect, descriptor, gzipLevel, positiveInteger, type Wanted} from './option-parsers.js';

/** What moves or changes a volume's contents: backup, restore, extract, browse, cp, edit, clone, empty, rename, verify. */
export function transferCommands(root: Command, wanted: Wanted): void {
  backupCommand(root, wanted);
  restoreAndCopyCommands(root, wanted);
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
